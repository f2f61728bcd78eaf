"""Fill locales/kiosk_es.ts from a Spanish glossary, so translation can be re-run as strings grow.

    python kiosk/scripts/translations.py --update     # pick up new tr() strings
    python kiosk/scripts/fill_translations.py         # apply the glossary, list what is missing
    python kiosk/scripts/translations.py              # compile .qm

Add a line to GLOSSARY for every new source string, following docs/spanish-style.md (US Spanish,
"usted", plain words, the preferred terms, gender-neutral). A count is tr("%n ...", "", n) in
the code and a tuple of plural forms here. A message whose source is not in the glossary keeps
whatever translation it has (a human edit in Qt Linguist survives) and is listed as missing
when it has none.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "locales" / "kiosk_es.ts"

GLOSSARY: dict[str, str | tuple[str, ...]] = {
    # --- families: children, teens, caregivers (kiosk/ui/pages/family.py) ---
    "Who will use the child's portal?": "¿Quién usará el portal del menor?",
    "Parent or guardian (proxy)": "Padre, madre o tutor (representante)",
    "Surname": "Apellido",
    "Agreed": "Aceptado",
    "A parent can get their own limited access to your account, only if you agree. Send their "
    "invitation by email or text?": (
        "Su padre o su madre puede tener acceso limitado a su cuenta, solo si usted está de "
        "acuerdo. ¿Enviamos la invitación por correo electrónico o por mensaje de texto?"
    ),
    "Someone who helps with your care can get their own access to your account, if you agree. "
    "Send their invitation by email or text?": (
        "Una persona que le ayuda con su salud puede tener su propio acceso a su cuenta, si "
        "usted está de acuerdo. ¿Enviamos la invitación por correo electrónico o por mensaje "
        "de texto?"
    ),
    "The invitation goes to them: email or text?": (
        "La invitación le llegará a esa persona: ¿por correo electrónico o por mensaje de texto?"
    ),
    "Their own name, not the patient's. The patient decides on the next screen.": (
        "Su propio nombre, no el del paciente. El paciente decide en la siguiente pantalla."
    ),
    "A child's portal is used by a parent or guardian. Who will use it, and how are they "
    "related to the child? The invitation goes to them.": (
        "El portal de un niño o una niña lo usa su padre, madre o tutor. ¿Quién lo va a usar y "
        "qué relación tiene con el menor? La invitación le llegará a esa persona."
    ),
    "A parent can get their own limited access to your account, only if you agree.": (
        "Su padre o su madre puede tener acceso limitado a su cuenta, solo si usted está de "
        "acuerdo."
    ),
    "Add a caregiver": "Agregar a una persona que le cuida",
    "Add a parent": "Agregar a su padre o madre",
    "Add a parent (limited access)": "Agregar a su padre o madre (acceso limitado)",
    "Agreed to texts": "Aceptado: recibirá mensajes de texto",
    "Check the adult's ID and that they are the child's parent or legal guardian. They get "
    "their own sign-in to the child's record.": (
        "Revise la identificación del adulto y que sea el padre, la madre o el tutor legal del "
        "menor. Tendrá su propio inicio de sesión para el expediente del menor."
    ),
    "Daughter": "Hija",
    "Family": "Familiar",
    "Father": "Padre",
    "Friend": "Amistad",
    "Grandparent": "Abuelo o abuela",
    "Guardian": "Tutor legal",
    "I agree": "Estoy de acuerdo",
    "I agree to get texts": "Acepto recibir mensajes de texto",
    "Invitation queued for the person you added.": (
        "La invitación para la persona que agregó está en camino."
    ),
    "Link expired %1": "El enlace venció el %1",
    "Link valid until %1": "Enlace válido hasta el %1",
    "Mother": "Madre",
    "Own accounts %1 (teens %2) - proxy enrollments for children %3 - parents added %4 - "
    "caregivers added %5": (
        "Cuentas propias %1 (adolescentes %2) - inscripciones por representante para menores "
        "%3 - padres agregados %4 - cuidadores agregados %5"
    ),
    "Own accounts %1, proxy (child) %2, parents/caregivers added %3": (
        "Cuentas propias %1, por representante (menores) %2, padres o cuidadores agregados %3"
    ),
    "Parent": "Padre o madre",
    "Parent or guardian": "Padre, madre o tutor",
    "Patient agreed": "El paciente aceptó",
    "Patient: I agree": "Paciente: estoy de acuerdo",
    "Please choose how this person is related.": "Elija qué relación tiene esta persona.",
    "Please enter the first and last name.": "Escriba el nombre y el apellido.",
    "Please enter the mobile number first.": "Primero escriba el número de celular.",
    "Say to the teen: this account is yours. A parent can get their own limited access only if "
    "you agree. They can see appointments, vaccines and bills. They cannot see care you can "
    "get on your own (sexual health, mental health, drugs or alcohol) or your messages with us.": (
        "Diga al adolescente: esta cuenta es suya. Su padre o su madre puede tener acceso "
        "limitado solo si usted está de acuerdo. Puede ver citas, vacunas y facturas. No puede "
        "ver la atención que usted puede recibir por su cuenta (salud sexual, salud mental, "
        "drogas o alcohol) ni sus mensajes con nosotros."
    ),
    "Say to the teen: your parent will see appointments, vaccines and bills, not private care "
    "or your messages. The teen taps to agree, not the parent.": (
        "Diga al adolescente: su padre o su madre verá citas, vacunas y facturas, no la "
        "atención privada ni sus mensajes. Quien toca para aceptar es el adolescente, no su "
        "padre o madre."
    ),
    "Send invitation": "Enviar invitación",
    "Sibling": "Hermano o hermana",
    "Someone who helps with your care can get their own access to your account, if you agree.": (
        "Una persona que le ayuda con su salud puede tener su propio acceso a su cuenta, si "
        "usted está de acuerdo."
    ),
    "Son": "Hijo",
    "Spouse": "Cónyuge",
    "Stepparent": "Padrastro o madrastra",
    "Teen agreed": "El adolescente aceptó",
    "Teen: I agree": "Adolescente: estoy de acuerdo",
    "The link works until %1.": "El enlace funciona hasta el %1.",
    "The patient must tap to agree first.": "Primero el paciente debe tocar para aceptar.",
    "The patient taps to agree, not the caregiver. The caregiver gets their own sign-in and "
    "invitation.": (
        "Quien toca para aceptar es el paciente, no la persona que le cuida. Esa persona "
        "recibe su propia invitación y su propio inicio de sesión."
    ),
    "Their email address": "Su correo electrónico",
    "Their mobile number": "Su número de celular",
    "This mobile number replied STOP to our texts, so we cannot text it. Please use an email "
    "address, or the patient can text START to us.": (
        "Este celular respondió STOP a nuestros mensajes de texto, así que no podemos enviarle "
        "mensajes de texto. Use un correo electrónico, o el paciente puede enviarnos START por "
        "mensaje de texto."
    ),
    "You can have your own account to message us, see your results and make appointments. If "
    "you agree, tap “I agree”.": (
        "Puede tener su propia cuenta para escribirnos, ver sus resultados y hacer citas. Si "
        "está de acuerdo, toque “Estoy de acuerdo”."
    ),
    "Your account is yours: you sign in with your own email or phone.\nA parent only gets "
    "access if you say yes, and never to private care.": (
        "Su cuenta es suya: inicia sesión con su propio correo electrónico o teléfono.\nSu "
        "padre o su madre solo tiene acceso si usted dice que sí, y nunca a la atención "
        "privada."
    ),
    "Your own portal account": "Su propia cuenta del portal",
    # --- dashboard ---
    "Validation": "Validación",
    "no comparison": "sin comparación",
    "Portal Performance - %1": "Rendimiento del portal - %1",
    "previous": "anterior",
    "%1 - generated %2": "%1 - generado el %2",
    "Adoption": "Uso del portal",
    "Enrollment rate (goal 60-70%)": "Tasa de inscripción (meta 60-70%)",
    "Enrolled / patients approached": "Inscritos / pacientes abordados",
    "New enrollments": "Nuevas inscripciones",
    "Declined / not finished": "No aceptaron / sin terminar",
    "by day": "por día",
    "by week": "por semana",
    "Enrollment rate %1": "Tasa de inscripción %1",
    "goal 60%": "meta 60%",
    "No enrollments in this period": "No hay inscripciones en este período",
    "Engagement": "Participación",
    "Feature demos: %1": "Demostraciones: %1",
    "App installs (%1 of enrolled)": "Instalaciones de la app (%1 de los inscritos)",
    "Cards printed (%1 of enrolled)": "Tarjetas impresas (%1 de los inscritos)",
    "Invitations: email %1, SMS %2": "Invitaciones: correo electrónico %1, SMS %2",
    "Why patients declined (remedy given)": "Por qué no aceptaron (solución ofrecida)",
    "Enrollments by staff (rate)": "Inscripciones por empleado (tasa)",
    "Impact": "Impacto",
    "Active portal accounts (%1)": "Cuentas activas en el portal (%1)",
    "First login at the desk (%1)": "Primer inicio de sesión en la recepción (%1)",
    "Past follow-up window, not active": "Plazo de seguimiento vencido, sin actividad",
    "Declines given a remedy": "No aceptaron, con solución ofrecida",
    "Top opportunities": "Principales oportunidades",
    "Sync: %1 waiting, %2 need attention.": "Sincronización: %1 en espera, %2 requieren atención.",
    "Aggregate figures only - no patient information.": (
        "Solo cifras totales - sin información de pacientes."
    ),
    "Updating...": "Actualizando...",
    "Preparing the report...": "Preparando el informe...",
    "Saved: %1": "Guardado: %1",
    "Could not load the numbers: %1": "No se pudieron cargar las cifras: %1",
    "Week of %1": "Semana del %1",
    # Date patterns (kiosk/ui/dates.py, context Dates): Qt format codes, quoted words in '...'.
    "dddd, MMMM d, h:mm AP": "dddd d 'de' MMMM, h:mm ap",
    "MMMM d, yyyy": "d 'de' MMMM 'de' yyyy",
    "MMMM yyyy": "MMMM 'de' yyyy",
    "MMM d": "d MMM",
    "%1 pts": "%1 pts",
    "%1 %2 vs previous": "%1 %2 frente al anterior",
    "Patients approached": "Pacientes abordados",
    "Enrolled": "Inscritos",
    "Enrollment rate": "Tasa de inscripción",
    "First login at desk": "Primer inicio de sesión en la recepción",
    "Active accounts": "Cuentas activas",
    "No email": "Sin correo electrónico",
    "Not comfortable": "Incomodidad con la tecnología",
    "Privacy": "Privacidad",
    "No benefit seen": "No ve el beneficio",
    "Other": "Otro",
    "Declined %1, not finished %2": "No aceptaron %1, sin terminar %2",
    "Demos: %1": "Demostraciones: %1",
    "App installs: %1": "Instalaciones de la app: %1",
    "Cards: %1": "Tarjetas: %1",
    "Follow-ups due: %1": "Seguimientos pendientes: %1",
    "Sync: %1 waiting, %2 need attention": "Sincronización: %1 en espera, %2 requieren atención",
    "Portal adoption": "Uso del portal",
    "Day": "Día",
    "Week": "Semana",
    "Month": "Mes",
    "Export PDF": "Exportar PDF",
    "Export CSV": "Exportar CSV",
    "Enrollment rate trend": "Tendencia de la tasa de inscripción",
    # --- staff and admin ---
    "A PIN has 4 to 6 digits.": "El PIN tiene de 4 a 6 dígitos.",
    "Type the staff member's name first.": "Primero escriba el nombre del empleado.",
    "Saved.": "Guardado.",
    "You cannot remove yourself while signed in.": (
        "No puede eliminar su propia cuenta mientras tiene la sesión iniciada."
    ),
    "That did not work. Please try again.": "No funcionó. Inténtelo de nuevo.",
    "Add a staff member": "Agregar un empleado",
    "Type their name and choose their PIN, then tap OK on the keypad.": (
        "Escriba el nombre de la persona y elija su PIN; luego toque OK en el teclado."
    ),
    "New PIN": "PIN nuevo",
    "Type the new PIN, then tap OK on the keypad.": (
        "Escriba el PIN nuevo y luego toque OK en el teclado."
    ),
    "Admin menu": "Menú de administración",
    "Quit kiosk": "Cerrar el quiosco",
    "Type your administrator PIN, then tap OK, to close the kiosk.": (
        "Escriba su PIN de administrador y toque OK para cerrar el quiosco."
    ),
    "Wrong PIN.": "PIN incorrecto.",
    "Not ready for patients: %1 setting(s) to fix - IT: kiosk doctor --ready": (
        "Aún no se puede usar con pacientes: %1 ajuste(s) por corregir - TI: kiosk doctor --ready"
    ),
    "Done": "Listo",
    "Staff who can sign in": "Personal que puede iniciar sesión",
    "More": "Más",
    "Name": "Nombre",
    "PIN (4 to 6 digits)": "PIN (de 4 a 6 dígitos)",
    "Space": "Espacio",
    "Administrator: yes": "Administrador: sí",
    "Administrator: no": "Administrador: no",
    "%1 (administrator)": "%1 (administrador)",
    "Remove": "Eliminar",
    "First tap your name.": "Primero toque su nombre.",
    "Too many wrong PINs. Try again after %1.": (
        "Demasiados PIN incorrectos. Inténtelo de nuevo después de las %1."
    ),
    "That PIN is not right. Tries left before a one-minute lock: %1.": (
        "Ese PIN no es correcto. Intentos antes de un bloqueo de un minuto: %1."
    ),
    "Signing in did not work. Please try again.": (
        "No se pudo iniciar sesión. Inténtelo de nuevo."
    ),
    "First type your name.": "Primero escriba su nombre.",
    "The two PINs were different. Choose a PIN again.": (
        "Los dos PIN no coinciden. Elija un PIN otra vez."
    ),
    "Set up the kiosk": "Configurar el quiosco",
    "Create the first administrator: type your name, then choose a PIN.": (
        "Cree el primer administrador: escriba su nombre y luego elija un PIN."
    ),
    "Type the same PIN again, then OK.": "Escriba el mismo PIN otra vez y toque OK.",
    "Choose a PIN of 4 to 6 digits, then OK.": "Elija un PIN de 4 a 6 dígitos y toque OK.",
    "Choose a PIN of 6 digits, then OK.": "Elija un PIN de 6 dígitos y toque OK.",
    "An administrator's PIN has 6 digits.": "El PIN de un administrador tiene 6 dígitos.",
    "An administrator taps their name and types their PIN.": (
        "Un administrador toca su nombre y escribe su PIN."
    ),
    "PIN (6 digits)": "PIN (6 dígitos)",
    "Administrator PINs now have 6 digits. Choose a new one.": (
        "Ahora el PIN de un administrador tiene 6 dígitos. Elija uno nuevo."
    ),
    "Staff sign-in": "Inicio de sesión del personal",
    "Tap your name, then type your PIN.": "Toque su nombre y luego escriba su PIN.",
    "PIN for %1:": "PIN de %1:",
    "Your PIN:": "Su PIN:",
    "Your name": "Su nombre",
    "OK": "OK",
    "PIN": "PIN",
    # --- keyboard ---
    "Delete": "Borrar",
    "Clear": "Borrar todo",
    # --- status bar and wizard frame ---
    "Sign up for the %1": "Regístrese en el %1",
    "Message your care team, see test results and book appointments from your phone. "
    "It takes two minutes.": (
        "Escriba a su equipo médico, vea los resultados de sus análisis y pruebas y haga "
        "citas desde su teléfono. Solo toma dos minutos."
    ),
    "Start": "Empezar",
    "Staff: sign out": "Personal: cerrar sesión",
    "Staff: %1": "Personal: %1",
    "No staff signed in": "Ningún empleado ha iniciado sesión",
    "EHR: online": "Expediente médico: conectado",
    "EHR: offline - saving locally": "Expediente médico: sin conexión - se guarda aquí",
    "EHR: sending...": "Expediente médico: enviando...",
    "EHR: not connected": "Expediente médico: no conectado",
    "EHR: sent by the sync service": "Expediente médico: lo envía el servicio de sincronización",
    "Waiting to send: %1": "Por enviar: %1",
    "Needs attention: %1": "Requieren atención: %1",
    "Step %1 of %2": "Paso %1 de %2",
    "For staff - say:": "Para el personal - diga:",
    "Back": "Atrás",
    "Skip this step": "Omitir este paso",
    "Patient declines": "El paciente no acepta",
    "Why are you skipping this step?": "¿Por qué omite este paso?",
    "Cancel - do not skip": "Cancelar - no omitir",
    "This cannot be done yet: %1": "Esto todavía no se puede hacer: %1",
    "This could not be saved. What you entered is still here; please try again.": (
        "No se pudo guardar. Lo que escribió sigue aquí; inténtelo de nuevo."
    ),
    "Next": "Siguiente",
    "Continue": "Continuar",
    "Cancel": "Cancelar",
    "Refresh": "Actualizar",
    "Next patient": "Siguiente paciente",
    # --- checklist step names ---
    "Email and mobile": "Correo electrónico y celular",
    "First login": "Primer inicio de sesión",
    "What you can do": "Lo que puede hacer",
    "Get the app": "Descargar la app",
    "Check it works": "Comprobar que funciona",
    "Your reference card": "Su tarjeta del portal",
    "Saved in your record": "Guardado en su expediente",
    "Follow-up": "Seguimiento",
    "The patient is short on time": "El paciente tiene poco tiempo",
    "No smartphone with them": "No trae un teléfono inteligente",
    "Already done before": "Ya se hizo antes",
    "The patient prefers to skip": "El paciente prefiere omitirlo",
    "Skipped": "Omitido",
    "Not yet": "Todavía no",
    "Did not work": "No funcionó",
    "Scheduled": "Programado",
    # --- patient search ---
    "No EHR connection is set up: enter the patient's details by hand.": (
        "No hay conexión con el expediente médico: escriba los datos a mano."
    ),
    "Enter the name and date of birth, or the record number.": (
        "Escriba el nombre y la fecha de nacimiento, o el número de expediente."
    ),
    "Searching the EHR...": "Buscando en el expediente médico...",
    "No patient matches. Check the details, or continue by hand.": (
        "Ningún paciente coincide. Revise los datos o continúe a mano."
    ),
    "The EHR cannot be reached right now. Continue by hand.": (
        "El expediente médico no responde ahora. Continúe a mano."
    ),
    "The search did not work. Continue by hand.": "La búsqueda no funcionó. Continúe a mano.",
    "Find the patient": "Buscar al paciente",
    "Check the patient's name and date of birth with them. With an EHR connection you can "
    "also search by record number.": (
        "Confirme con el paciente su nombre y fecha de nacimiento. Con conexión al expediente "
        "médico también puede buscar por número de expediente."
    ),
    "Search": "Buscar",
    "Continue without the EHR": "Continuar sin el expediente médico",
    "First name": "Nombre(s)",
    "Last name": "Apellido(s)",
    "Date of birth": "Fecha de nacimiento",
    "Record number (optional)": "Número de expediente (opcional)",
    "MM/DD/YYYY": "MM/DD/AAAA",
    "MM/DD/YYYY (month/day/year)": "MM/DD/AAAA (mes/día/año)",
    "Tap the right patient:": "Toque el paciente correcto:",
    # --- email and mobile ---
    "Please tap the button to agree to text messages.": (
        "Toque el botón para aceptar los mensajes de texto."
    ),
    "Please check the details marked in red.": "Revise los datos marcados en rojo.",
    "Your email and mobile number": "Su correo electrónico y su celular",
    "I'm going to get you set up with access to the %1. You'll be able to message us, view "
    "test results, and schedule appointments. What's the best email address to use?": (
        "Voy a darle acceso al %1. Podrá escribirnos, ver los resultados de sus análisis y "
        "pruebas y hacer citas. ¿Qué correo electrónico prefiere usar?"
    ),
    "No problem - we can send your portal invitation by text message. What is your mobile "
    "number? Please tap the button to agree to get our texts.": (
        "No hay problema: podemos enviarle la invitación al portal por mensaje de texto. "
        "¿Cuál es su número de celular? Toque el botón para aceptar nuestros mensajes."
    ),
    "No email - we will use text messages": "Sin correo electrónico: usaremos mensajes de texto",
    "Email address": "Correo electrónico",
    "I don't have email": "No tengo correo electrónico",
    "Mobile": "Celular",
    "Mobile number": "Número de celular",
    "Invite by email": "Invitar por correo electrónico",
    "Invite by text": "Invitar por mensaje de texto",
    "Yes, I agree to get texts": "Sí, acepto recibir mensajes de texto",
    "Agreed to get texts": "Aceptado: recibirá mensajes de texto",
    "Did you mean %1?": "¿Quiso decir %1?",
    "This email address looks right.": "Este correo electrónico parece correcto.",
    "This mobile number looks right.": "Este número de celular parece correcto.",
    # --- invitation ---
    "Send your invitation": "Enviar su invitación",
    "We will send your portal invitation by text message to:": (
        "Le enviaremos la invitación al portal por mensaje de texto al:"
    ),
    "We will send your portal invitation by email to:": (
        "Le enviaremos la invitación al portal por correo electrónico a:"
    ),
    "Let's send your invitation now, while you're here. Watch for a message from the %1 - "
    "it has the link to set your password.": (
        "Enviemos su invitación ahora, mientras está aquí. Busque un mensaje del %1: trae el "
        "enlace para crear su contraseña."
    ),
    "Send the invitation": "Enviar la invitación",
    "Sent. Check your messages.": "Enviada. Revise sus mensajes.",
    "Saved, but the portal refused it. Staff will see it in the admin menu.": (
        "Se guardó, pero el portal la rechazó. El personal verá el problema en el menú de "
        "administración."
    ),
    "Queued - it will be sent as soon as the kiosk is online.": (
        "En espera: se enviará en cuanto el quiosco tenga conexión."
    ),
    # --- first login ---
    "Log in for the first time": "Iniciar sesión por primera vez",
    "Open your phone's camera and point it at this code.": (
        "Abra la cámara de su teléfono y apúntela a este código."
    ),
    "Let's do your first login together now. Open the invitation or scan the code, then "
    "choose a password only you know. I won't look at it.": (
        "Hagamos juntos su primer inicio de sesión. Abra la invitación o escanee el código y "
        "elija una contraseña que solo usted conozca. No voy a mirarla."
    ),
    "Tap the link that appears, then choose your password. Your username is the email "
    "address you gave us.": (
        "Toque el enlace que aparece y elija su contraseña. Su nombre de usuario es el correo"
        " electrónico que nos dio."
    ),
    "Confirm manually": "Confirmar a mano",
    "Done - you are logged in.": "Listo: ya inició sesión.",
    "Waiting for the first login. This portal cannot tell us, so staff will confirm it.": (
        "Esperando el primer inicio de sesión. Este portal no nos avisa, así que el personal "
        "lo confirmará."
    ),
    "Waiting for the first login...": "Esperando el primer inicio de sesión...",
    # --- app ---
    "Get the app on your phone": "Descargar la app en su teléfono",
    "Open your phone's camera and point it at the code for your phone.": (
        "Abra la cámara de su teléfono y apúntela al código de su teléfono (iPhone o Android)."
    ),
    "The app is the easiest way to check your messages. iPhone: the left code. Android: the "
    "right code. Then sign in with the same email and password.": (
        "La app es la forma más fácil de ver sus mensajes. iPhone: el código de la izquierda."
        " Android: el código de la derecha. Luego inicie sesión con el mismo correo "
        "electrónico y la misma contraseña."
    ),
    "iPhone: App Store": "iPhone: App Store",
    "Android: Google Play": "Android: Google Play",
    # --- demo ---
    "Message your care team": "Escriba a su equipo médico",
    "Book your own visits": "Haga sus propias citas",
    "Let me show you how to message your care team. You can write to us any time with "
    "questions that aren't urgent, and when your doctor orders tests, you'll see the results "
    "here as soon as they're ready.": (
        "Le muestro cómo escribir a su equipo médico. Puede escribirnos cuando quiera si tiene "
        "preguntas que no sean urgentes, y cuando su médico le pida análisis o pruebas, verá "
        "aquí los resultados en cuanto estén listos."
    ),
    "You can book, move or cancel your appointments in the portal, any time of day, without "
    "calling us.": (
        "Puede hacer, cambiar o cancelar sus citas en el portal, a cualquier hora, sin llamarnos."
    ),
    "Messages": "Mensajes",
    "Appointments": "Citas",
    "Write to your care team at any time.": "Escriba a su equipo médico cuando quiera.",
    "We reply within one business day.": "Respondemos en un plazo de un día hábil.",
    "See test results as soon as they are ready.": (
        "Vea los resultados de sus análisis y pruebas en cuanto estén listos."
    ),
    "Ask for a prescription refill.": "Pida que le resurtan una receta.",
    "See open appointment times.": "Vea los horarios disponibles para citas.",
    "Pick the time that suits you.": "Elija la hora que más le convenga.",
    "Get a reminder the day before.": "Reciba un recordatorio el día anterior.",
    "Cancel or move a visit yourself.": "Cancele o cambie una cita por su cuenta.",
    # --- confirm access ---
    "Check that it works": "Comprobar que funciona",
    "Can you see the portal's home page on your phone? Tap Messages - that is where our "
    "replies will be.": (
        "¿Ve la página principal del portal en su teléfono? Toque Mensajes: ahí estarán "
        "nuestras respuestas."
    ),
    "Yes, I can log in and find my messages": "Sí, puedo iniciar sesión y encontrar mis mensajes",
    "Can you log in and find your messages?": "¿Puede iniciar sesión y encontrar sus mensajes?",
    # --- reference card ---
    "Preparing the card...": "Preparando la tarjeta...",
    "The card could not be made. Try again, or skip this step.": (
        "No se pudo crear la tarjeta. Inténtelo de nuevo u omita este paso."
    ),
    "Your quick-reference card": "Su tarjeta del portal",
    "Here is a card with everything you need: the web address, your username and our phone "
    "number. Keep it in your wallet.": (
        "Esta tarjeta tiene todo lo que necesita: la dirección web, su nombre de usuario y "
        "nuestro teléfono. Guárdela en su cartera."
    ),
    "Print the card": "Imprimir la tarjeta",
    "Sign in at: %1": "Inicie sesión en: %1",
    "Your username: %1": "Su nombre de usuario: %1",
    "Questions? Call %1": "¿Preguntas? Llame al %1",
    "We reply to portal messages within one business day.": (
        "Respondemos los mensajes del portal en un plazo de un día hábil."
    ),
    "We reply to portal messages within %1 business days.": (
        "Respondemos los mensajes del portal en un plazo de %1 días hábiles."
    ),
    # --- finish ---
    "All done?": "¿Todo listo?",
    "Here is what we did today.": "Esto es lo que hicimos hoy.",
    "Finishing saves this in the patient's chart. If they have not logged in within a week, "
    "we will follow up.": (
        "Al terminar, esto se guarda en el expediente del paciente. Si no inicia sesión en una "
        "semana, le daremos seguimiento."
    ),
    "Finish": "Terminar",
    "You're all set!": "¡Todo listo!",
    "Welcome to the %1. Watch for our messages, and keep your card.": (
        "Le damos la bienvenida al %1. Esté pendiente de nuestros mensajes y guarde su tarjeta."
    ),
    # --- decline ---
    "Preparing the handout...": "Preparando la hoja informativa...",
    "The handout could not be made. Please try again.": (
        "No se pudo crear la hoja informativa. Inténtelo de nuevo."
    ),
    "Please type a few words about the reason.": "Escriba unas palabras sobre el motivo.",
    "That's completely fine. May I ask what's holding you back? It helps us make the portal "
    "work for more people.": (
        "No hay ningún problema. ¿Puedo preguntarle qué le detiene? Nos ayuda a que el portal "
        "sirva a más personas."
    ),
    "Record the decline": "Registrar que no aceptó",
    "Not today?": "¿Prefiere no hacerlo hoy?",
    "Tap the reason that fits best.": "Toque el motivo que más se parezca a su caso.",
    "Another reason": "Otro motivo",
    "Type a few words about the reason.": "Escriba unas palabras sobre el motivo.",
    "No email? Use text messages": "¿No tiene correo electrónico? Use mensajes de texto",
    "No thanks - record the decline": "No, gracias - registrar que no aceptó",
    "You don't need email. We can send the invitation to your mobile phone by text message "
    "instead.": (
        "No necesita correo electrónico. Podemos enviarle la invitación a su celular por "
        "mensaje de texto."
    ),
    "We can help you learn it": "Le ayudamos a aprender a usarlo",
    "We run short help sessions where someone sits with you and sets it up. Which morning "
    "works for you?": (
        "Tenemos sesiones cortas de ayuda en las que una persona de nuestro equipo se sienta "
        "con usted y le deja todo listo. ¿Qué mañana le queda bien?"
    ),
    "Your privacy is protected": "Su privacidad está protegida",
    "No handout - record the decline": "Sin hoja informativa - registrar que no aceptó",
    "Your information is protected by law (HIPAA). The portal is encrypted and only you know "
    "your password. Would you like a handout to read at home?": (
        "La ley (HIPAA) protege su información. El portal está protegido para que nadie más "
        "lo pueda leer, y solo usted conoce su contraseña. ¿Quiere una hoja informativa para "
        "leer en casa?"
    ),
    "What the portal does for you": "Lo que el portal hace por usted",
    "Many patients like not having to call: you can message us, see results and book visits "
    "any time.": (
        "A muchos pacientes les gusta no tener que llamar: puede escribirnos, ver los "
        "resultados de sus análisis y pruebas y hacer citas a cualquier hora."
    ),
    "A few words": "Unas palabras",
    "You don't need email. We can send your invitation to your mobile phone as a text message.": (
        "No necesita correo electrónico. Podemos enviarle la invitación a su celular como "
        "mensaje de texto."
    ),
    "Invite me by text message": "Envíenme la invitación por mensaje de texto",
    "A staff member sits with you for 15 minutes. Pick a morning:": (
        "Una persona de nuestro equipo se sentará con usted 15 minutos. Elija una mañana:"
    ),
    "Sign me up: %1": "Anóteme: %1",
    "How we protect your information:": "Cómo protegemos su información:",
    "The law (HIPAA) protects your health information.": (
        "La ley (HIPAA) protege su información de salud."
    ),
    "Everything in the portal travels encrypted, like online banking.": (
        "Todo lo que hay en el portal está protegido para que nadie más lo pueda leer, como "
        "en la banca en línea."
    ),
    "Only you know your password. Our staff never ask for it.": (
        "Solo usted conoce su contraseña. Nuestro personal nunca se la pedirá."
    ),
    "Print the privacy handout": "Imprimir la hoja sobre privacidad",
    "Message your care team without waiting on the phone.": (
        "Escriba a su equipo médico sin tener que esperar en la línea."
    ),
    "See your test results as soon as they are ready.": (
        "Vea los resultados de sus análisis y pruebas en cuanto estén listos."
    ),
    "Ask for prescription refills.": "Pida que le resurtan sus recetas.",
    "Book, move or cancel appointments yourself.": (
        "Haga, cambie o cancele sus citas por su cuenta."
    ),
    "Let's try it after all": "Mejor sí, probémoslo",
    "Thank you": "Gracias",
    "Thank you for telling us. You can join the portal at any time - just ask at the front desk.": (
        "Gracias por decírnoslo. Puede registrarse en el portal cuando quiera: solo pregunte en "
        "la recepción."
    ),
    "I'm not comfortable with computers": "Me cuesta usar computadoras",
    "I'm worried about my privacy": "Me preocupa mi privacidad",
    "I don't see what it would do for me": "No veo para qué me serviría",
    # --- idle ---
    "Are you still there?": "¿Sigue ahí?",
    "For your privacy, this screen will clear in %n second(s). Everything already saved "
    "stays saved.": (
        "Por su privacidad, esta pantalla se borrará en %n segundo. Lo que ya se guardó sigue "
        "guardado.",
        "Por su privacidad, esta pantalla se borrará en %n segundos. Lo que ya se guardó sigue "
        "guardado.",
    ),
    "I'm still here": "Sigo aquí",
    # --- follow-up worklist (staff) ---
    "Sign in as staff to see the follow-up list.": (
        "Inicie sesión como personal para ver la lista de seguimiento."
    ),
    "Nobody needs a follow-up call right now.": "Nadie necesita una llamada de seguimiento ahora.",
    "%1 patients need a follow-up; the oldest %2 are shown.": (
        "%1 pacientes necesitan seguimiento; se muestran los %2 más antiguos."
    ),
    # Plural forms (tr(source, "", n)): a tuple, one text per Spanish form (n == 1, other).
    "%n patient(s) need a follow-up, oldest first.": (
        "%n paciente necesita seguimiento.",
        "%n pacientes necesitan seguimiento, los más antiguos primero.",
    ),
    "That did not work: %1": "No funcionó: %1",
    "Invitation queued; it is sent as soon as the portal is reachable.": (
        "Invitación en espera; se enviará en cuanto haya conexión con el portal."
    ),
    "Marked as called.": "Marcado como llamado.",
    "Close the follow-up for %1? Choose why:": "¿Cerrar el seguimiento de %1? Elija el motivo:",
    "Follow-up closed.": "Seguimiento cerrado.",
    "Follow-up worklist": "Lista de seguimiento",
    "Has logged in": "Ya inició sesión",
    "Does not want it": "No lo quiere",
    "Wrong contact details": "Datos de contacto incorrectos",
    "Left the practice": "Ya no es paciente de la clínica",
    "email": "correo electrónico",
    "text message": "mensaje de texto",
    "Invited %1 by %2  ·  %n day(s) past the window": (
        "Invitación enviada el %1 por %2  ·  %n día después del plazo",
        "Invitación enviada el %1 por %2  ·  %n días después del plazo",
    ),
    "Called %1": "Llamado el %1",
    "Resend invitation": "Reenviar la invitación",
    "Mark called": "Marcar como llamado",
    "Close...": "Cerrar...",
    # --- keyboards, wizard polish (kiosk/ui/keyboard.py, pages) ---
    "Caps": "Mayús",
    "Shift": "Mayúscula",
    "Send the invitation by:": "Enviar la invitación por:",
    "Email": "Correo electrónico",
    "Text": "Mensaje de texto",  # "Enviar la invitación por: Correo | Texto"
    "Yes, it works": "Sí, funciona",
    "Printed. A copy is saved as PDF: %1": "Impresa. Hay una copia en PDF: %1",
    "No printer: the card is saved as PDF: %1": (
        "No hay impresora: la tarjeta se guardó en PDF: %1"
    ),
    # --- Validation (kiosk/validation.py messages, context Validation) ---
    "A first name can use letters, spaces, apostrophes and hyphens only.": (
        "El nombre solo puede tener letras, espacios, apóstrofos y guiones."
    ),
    "A last name can use letters, spaces, apostrophes and hyphens only.": (
        "El apellido solo puede tener letras, espacios, apóstrofos y guiones."
    ),
    "A medical record number has letters, digits and hyphens only.": (
        "El número de expediente médico solo tiene letras, números y guiones."
    ),
    "An email address cannot contain spaces.": "Un correo electrónico no puede tener espacios.",
    "That has characters that cannot be saved. Please type it again.": (
        "Eso tiene caracteres que no se pueden guardar. Por favor, escríbalo de nuevo."
    ),
    "An email address has exactly one @, like name@example.com.": (
        "Un correo electrónico tiene una sola arroba (@), como nombre@ejemplo.com."
    ),
    "Please check the year of birth.": "Revise el año de nacimiento.",
    "Please enter a mobile phone number.": "Escriba un número de celular.",
    "Please enter a phone number using digits, like 555 201 0100.": (
        "Escriba el número de teléfono con dígitos, como 555 201 0100."
    ),
    "Please enter an email address.": "Escriba un correo electrónico.",
    "Please enter the date of birth as MM/DD/YYYY.": (
        "Escriba la fecha de nacimiento como MM/DD/AAAA (mes/día/año)."
    ),
    "Please enter the date of birth.": "Escriba la fecha de nacimiento.",
    "Please enter the medical record number.": "Escriba el número de expediente médico.",
    "Please enter the patient's first name.": "Escriba el nombre del paciente.",
    "Please enter the patient's last name.": "Escriba el apellido del paciente.",
    "Something is missing before the @.": "Falta algo antes de la @.",
    "That date does not exist. Please check the month and day.": (
        "Esa fecha no existe. Revise el mes y el día."
    ),
    "That does not look like a complete email address.": (
        "No parece un correo electrónico completo."
    ),
    "That email address is too long.": "Ese correo electrónico es demasiado largo.",
    "That first name is too long.": "Ese nombre es demasiado largo.",
    "That last name is too long.": "Ese apellido es demasiado largo.",
    "That is not a phone number in use. Please check the digits.": (
        "Ese número no parece estar en servicio. Revise los dígitos."
    ),
    "That looks like a landline. Text messages need a mobile number.": (
        "Parece un teléfono de casa (fijo). Los mensajes de texto necesitan un celular."
    ),
    "That phone number has too few or too many digits.": (
        "A ese número de teléfono le faltan o le sobran dígitos."
    ),
    "That phone number is too long.": "Ese número de teléfono es demasiado largo.",
    "The date of birth cannot be in the future.": (
        "La fecha de nacimiento no puede ser en el futuro."
    ),
    "The part after the @ needs a dot, like gmail.com.": (
        "La parte después de la @ necesita un punto, como gmail.com."
    ),
    # --- dashboard, worklist, sync issues, admin ---
    "%1 of enrolled": "%1 de los inscritos",
    "%1 on the worklist now": "%1 en la lista de seguimiento ahora",
    "Active accounts (%1)": "Cuentas activas (%1)",
    "Administrator PIN to discard this record": "PIN de administrador para descartar este registro",
    "All records reached the EHR and the portal.": (
        "Todos los registros llegaron al expediente médico y al portal."
    ),
    "App installs": "Instalaciones de la app",
    "Arrows: change vs previous %1": "Flechas: cambio frente al período anterior (%1)",
    "Attempts: %1": "Intentos: %1",
    "Cards printed": "Tarjetas impresas",
    "Dashboard": "Panel de indicadores",
    "Declined / unfinished": "No aceptaron / sin terminar",
    "Declines remedied": "No aceptaron, con solución",
    "Discard": "Descartar",
    "Email/mobile to the EHR": "Correo electrónico/celular al expediente médico",
    "Enrolled / approached": "Inscritos / abordados",
    "Enrollment record in the EHR": "Registro de inscripción en el expediente médico",
    "Feature demos": "Demostraciones",
    "First login at desk (%1)": "Primer inicio de sesión en la recepción (%1)",
    "Follow-up task in the EHR": "Tarea de seguimiento en el expediente médico",
    "Invitations": "Invitaciones",
    "On follow-up worklist: %1": "En la lista de seguimiento: %1",
    "Past follow-up window": "Plazo de seguimiento vencido",
    "Portal invitation": "Invitación al portal",
    "Retry": "Reintentar",
    "Sync issues": "Problemas de sincronización",
    "That is not an administrator's PIN. Try again.": (
        "Ese no es un PIN de administrador. Inténtelo de nuevo."
    ),
    "The kiosk could not read its records. Try again.": (
        "El quiosco no pudo leer sus registros. Inténtelo de nuevo."
    ),
    "These records were refused. Fix the cause (the reason is the server's), then press "
    "Retry. Discard only after entering the record by hand.": (
        "Estos registros fueron rechazados. Corrija la causa (el motivo lo da el servidor) y "
        "toque Reintentar. Descarte solo después de registrar los datos a mano."
    ),
    "day": "día",
    "week": "semana",
    "month": "mes",
    "period": "período",
    "messaging": "mensajes",
    "scheduling": "citas",
    "email %1, SMS %2": "correo electrónico %1, SMS %2",
    "remedy offered and taken": "solución ofrecida y aceptada",
    # --- progress stepper, Larger text, screen-reader names (issue 11) ---
    "Your details": "Sus datos",
    "Progress": "Progreso",
    "current step": "paso actual",
    "%1 of %2 steps done.": "%1 de %2 pasos completados.",
    "Larger text": "Letra grande",
    "Send it by:": "Enviarla por:",
    "Your reason": "Su motivo",
    "at sign": "arroba",
    "dot": "punto",
    "hyphen": "guion",
    "underscore": "guion bajo",
    "apostrophe": "apóstrofo",
    # --- staff PDF report: top opportunities (kiosk/ui/report_pdf.py) ---
    "offer the text-message (SMS) invitation instead of email": (
        "ofrezca la invitación por mensaje de texto (SMS) en lugar del correo electrónico"
    ),
    "book a help session with a staff member": (
        "programe una sesión de ayuda con una persona del equipo"
    ),
    "hand out the privacy sheet and explain who can see the record": (
        "entregue la hoja sobre privacidad y explique quién puede ver el expediente"
    ),
    "show the benefits summary: messages, results, refills, booking": (
        "muestre el resumen de beneficios: mensajes, resultados, resurtido de recetas y citas"
    ),
    "review the notes staff wrote and share what worked": (
        "revise las notas del personal y comparta lo que funcionó"
    ),
    '"%1" was the most common reason to decline (%2 of %3): %4.': (
        'El motivo más común para no aceptar fue "%1" (%2 de %3): %4.'
    ),
    " The remedy was offered in %1 of these.": " Se ofreció la solución en el %1 de estos casos.",
    "No enrollments were recorded this period: make sure the kiosk is offered to patients at "
    "check-in.": (
        "No se registraron inscripciones en este período: asegúrese de ofrecer el quiosco a "
        "los pacientes cuando llegan a la recepción."
    ),
    "Enrollment rate is %1 against a 60-70% goal: offer the portal to every patient at "
    "check-in, not only to those who ask.": (
        "La tasa de inscripción es de %1 frente a una meta del 60-70%: ofrezca el portal a cada "
        "paciente cuando llega a la recepción, no solo a quien lo pida."
    ),
    "Only %1 of enrolled patients logged in at the desk: help each one finish the first login "
    "before they leave.": (
        "Solo el %1 de los pacientes inscritos inició sesión en la recepción: ayude a cada uno "
        "a completar su primer inicio de sesión antes de irse."
    ),
    "%1 of this period's new accounts are active: call patients on the follow-up worklist and "
    "resend invitations.": (
        "El %1 de las cuentas nuevas de este período están activas: llame a los pacientes de la "
        "lista de seguimiento y reenvíe las invitaciones."
    ),
    "The mobile app was installed for %1 of enrolled patients: offer the app QR code while the "
    "patient has the phone in hand.": (
        "Se instaló la app para el celular en el %1 de los pacientes inscritos: ofrezca el "
        "código QR de la app mientras el paciente tiene el celular en la mano."
    ),
    "%1 of enrolled patients took the quick-reference card home: print one for every patient.": (
        "El %1 de los pacientes inscritos se llevó la tarjeta del portal: imprima una para cada "
        "paciente."
    ),
    "Enrolled this period and past the follow-up window without an active account: %1 (%2 on "
    "the worklist in all). Call them and resend the invitation.": (
        "Pacientes inscritos en este período que pasaron el plazo de seguimiento sin una cuenta "
        "activa: %1 (%2 en total en la lista de seguimiento). Llame a esos pacientes y reenvíe "
        "la invitación."
    ),
    "Staff enrollment rates range from %1 to %2: recognise the top enrollers and pair "
    "colleagues to share their script.": (
        "Las tasas de inscripción del personal van del %1 al %2: reconozca a quienes más "
        "inscriben y forme parejas para que compartan su guion."
    ),
    "Visits that ended before finishing: %1. Start enrollment early in the visit so there is "
    "time to complete it.": (
        "Visitas que terminaron antes de completar la inscripción: %1. Empiece la inscripción "
        "al principio de la visita para que haya tiempo de terminarla."
    ),
    "Records that could not be sent to the EHR: %1. Ask IT to check the sync issues screen.": (
        "Registros que no se pudieron enviar al expediente médico: %1. Pida al equipo de "
        "informática que revise la pantalla de problemas de sincronización."
    ),
    "Every metric is at or above goal: keep it up.": (
        "Todas las cifras están en la meta o por encima: siga así."
    ),
    # --- whole-practice view and the playbook's metrics (dashboard, PDF) ---
    "This kiosk": "Este equipo",
    "Whole practice": "Todo el consultorio",
    "Refresh from EHR": "Actualizar del expediente médico",
    "No EHR is set up for this kiosk: IT can add it.": (
        "Este equipo no tiene conexión con el expediente médico: el equipo de TI puede agregarla."
    ),
    "Reading the practice's figures...": "Leyendo las cifras del consultorio...",
    "Could not reach the EHR (%1): showing the saved figures.": (
        "No hubo conexión con el expediente médico (%1): se muestran las cifras guardadas."
    ),
    "Metric": "Indicador",
    "This month": "Este mes",
    "Last month": "Mes anterior",
    "Change": "Cambio",
    "Enrollment rate (access / seen)": "Tasa de inscripción (con acceso / atendidos)",
    "Patients with portal access": "Pacientes con acceso al portal",
    "Unique patients seen": "Pacientes atendidos (sin repetir)",
    "Active users (of access)": "Usuarios activos (de los que tienen acceso)",
    "Multi-feature users (of active)": "Usan más de una función (de los activos)",
    "New enrollments (all kiosks)": "Inscripciones nuevas (todos los equipos)",
    "Enrollments at the kiosks": "Inscripciones en los equipos de recepción",
    "Messages sent by patients": "Mensajes enviados por pacientes",
    "Messages received by patients": "Mensajes recibidos por pacientes",
    "Messages per patient": "Mensajes por paciente",
    "Appointments booked online": "Citas programadas en el portal",
    "All appointments": "Todas las citas",
    "Appointments booked online, share": "Parte de las citas programadas en el portal",
    "Results viewed": "Resultados consultados",
    "Results viewed same day": "Resultados consultados el mismo día",
    "Bill payments online": "Pagos de facturas en el portal",
    "Collections paid online, share": "Parte de los cobros pagados en el portal",
    "Phone calls": "Llamadas telefónicas",
    "Median message response time": "Tiempo mediano de respuesta a mensajes",
    "Portal users satisfied": "Usuarios del portal satisfechos",
    "needs the EHR figures (refresh while online)": (
        "faltan las cifras del expediente médico (actualice con conexión)"
    ),
    "needs portal usage (portal API or monthly CSV)": (
        "falta el uso del portal (API del portal o CSV mensual)"
    ),
    "needs figures typed in (Admin > Practice figures)": (
        "faltan cifras escritas a mano (Administración > Cifras del consultorio)"
    ),
    "no source": "sin fuente",
    "%1 h": "%1 h",
    "Practice figures have not been read from the EHR yet: tap Refresh.": (
        "Todavía no se leyeron las cifras del expediente médico: toque Actualizar."
    ),
    "Practice figures read %n minute(s) ago.": (
        "Cifras del consultorio leídas hace %n minuto.",
        "Cifras del consultorio leídas hace %n minutos.",
    ),
    "Practice figures read %n hour(s) ago.": (
        "Cifras del consultorio leídas hace %n hora.",
        "Cifras del consultorio leídas hace %n horas.",
    ),
    "Practice figures read %n day(s) ago.": (
        "Cifras del consultorio leídas hace %n día.",
        "Cifras del consultorio leídas hace %n días.",
    ),
    "Increase enrollment: %1 of the patients seen have portal access; the playbook target is "
    "60-70%. Offer the portal at every check-in.": (
        "Aumentar la inscripción: el %1 de los pacientes atendidos tiene acceso al portal; la "
        "meta de la guía es 60-70%. Ofrezca el portal en cada registro de llegada."
    ),
    "Increase active use: %1 of patients with access used the portal this month; the target "
    "is 40-50%. Remind patients to message, book and pay online.": (
        "Aumentar el uso: el %1 de los pacientes con acceso usó el portal este mes; la meta es "
        "40-50%. Recuerde a los pacientes que pueden enviar mensajes, programar citas y pagar "
        "en línea."
    ),
    "Increase app installation, currently %1 of patients enrolled at this kiosk: offer the "
    "app QR code while the patient has the phone in hand.": (
        "Aumentar la instalación de la aplicación, ahora en el %1 de los pacientes inscritos "
        "en este equipo: ofrezca el código QR de la aplicación mientras el paciente tiene el "
        "teléfono en la mano."
    ),
    "A playbook target cannot be checked: it %1.": ("No se puede revisar una meta de la guía: %1."),
    "Every playbook target is met this month.": "Este mes se cumplen todas las metas de la guía.",
    "Whole practice (playbook)": "Todo el consultorio (guía)",
    "EHR figures read %1.": "Cifras del expediente médico leídas el %1.",
    "EHR figures never read.": "Las cifras del expediente médico nunca se leyeron.",
    "Kiosk enrollment rate": "Tasa de inscripción en este equipo",
    # --- Admin > Practice figures ---
    "Practice figures": "Cifras del consultorio",
    "Phone calls this month": "Llamadas telefónicas este mes",
    "Portal users satisfied (%)": "Usuarios del portal satisfechos (%)",
    "All patient collections ($)": "Todos los cobros a pacientes ($)",
    "Save": "Guardar",
    "Portal usage from the vendor's monthly CSV": "Uso del portal del CSV mensual del proveedor",
    "Choose file": "Elegir archivo",
    "Read columns": "Leer columnas",
    "Import": "Importar",
    "Portal usage CSV": "CSV de uso del portal",
    "CSV files (*.csv)": "Archivos CSV (*.csv)",
    "Choose the portal's monthly usage CSV first.": (
        "Primero elija el CSV mensual de uso del portal."
    ),
    "(not in the file)": "(no está en el archivo)",
    "Check which column holds each figure, then tap Import.": (
        "Revise qué columna tiene cada cifra y luego toque Importar."
    ),
    "Imported %n month(s): %1": ("Se importó %n mes: %1", "Se importaron %n meses: %1"),
    "%1 must be a number (a percentage: 0 to 100).": (
        "%1 debe ser un número (un porcentaje: de 0 a 100)."
    ),
    # --- the report's CSV in its language ---
    "missing: EHR figures": "falta: expediente médico",
    "missing: portal usage": "falta: uso del portal",
    "missing: typed-in figures": "falta: cifras escritas a mano",
    "missing: EHR figures (refresh the whole-practice view while online)": (
        "falta: cifras del expediente médico (actualice la vista de todo el consultorio con "
        "conexión)"
    ),
    "missing: portal usage (portal API or the vendor's monthly CSV)": (
        "falta: uso del portal (API del portal o CSV mensual del proveedor)"
    ),
    "missing: typed-in figures (Admin > Practice figures)": (
        "falta: cifras escritas a mano (Administración > Cifras del consultorio)"
    ),
    # --- issue 11: first login, help session, card, needs help, decline remedies ---
    "Open the invitation we just sent you, on your own phone.": (
        "Abra en su propio teléfono la invitación que le acabamos de enviar."
    ),
    "Let's do your first login together now. Open the invitation on your phone, then choose "
    "a password only you know. I won't look at it.": (
        "Iniciemos sesión juntos por primera vez. Abra la invitación en su teléfono y elija "
        "una contraseña que solo usted conozca. No la voy a mirar."
    ),
    "We just sent you a text message. Open it and tap the link to choose your password. It "
    "looks like this:": (
        "Le acabamos de enviar un mensaje de texto. Ábralo y toque el enlace para elegir su "
        "contraseña. Se ve así:"
    ),
    "We just sent you an email. Open it and tap the button to choose your password. It looks "
    "like this:": (
        "Le acabamos de enviar un correo electrónico. Ábralo y toque el botón para elegir su "
        "contraseña. Se ve así:"
    ),
    "Text message from %1": "Mensaje de texto de %1",
    "Email from %1": "Correo electrónico de %1",
    "Your invitation to %1": "Su invitación a %1",
    "You are invited to %1. Tap the link to create your password.": (
        "Le invitamos a %1. Toque el enlace para crear su contraseña."
    ),
    "Activate my account": "Activar mi cuenta",
    "Couldn't log in": "No pude iniciar sesión",
    "Did you see the patient's portal home page on their phone?": (
        "¿Vio la página de inicio del portal en el teléfono del paciente?"
    ),
    "Yes, I saw it": "Sí, la vi",
    "Your invitation is on its way. The code appears here.": (
        "Su invitación está en camino. El código aparecerá aquí."
    ),
    "Waiting for the first login. Staff will confirm it with you.": (
        "Esperando el primer inicio de sesión. El personal lo confirmará con usted."
    ),
    "That's OK - we will help you.": "No se preocupe: le ayudamos.",
    "Your help session is booked: %1. We will see you then.": (
        "Su sesión de ayuda está reservada: %1. Le esperamos."
    ),
    "A staff member can sit with you for 15 minutes and set it up with you. Pick a morning:": (
        "Una persona del personal puede acompañarle 15 minutos para configurarlo con usted. "
        "Elija una mañana:"
    ),
    "Book a help session: %1": "Reservar una sesión de ayuda: %1",
    "Book a help session": "Reservar una sesión de ayuda",
    "Needs help": "Necesito ayuda",
    "Printing your card...": "Imprimiendo su tarjeta...",
    "Sending your card...": "Enviando su tarjeta...",
    "Saving the card...": "Guardando la tarjeta...",
    "Save the card in this folder": "Guardar la tarjeta en esta carpeta",
    "The card could not be saved in that folder.": (
        "No se pudo guardar la tarjeta en esa carpeta."
    ),
    "Try printing again": "Intentar imprimir de nuevo",
    "Send it to my phone or email": "Enviarla a mi teléfono o correo electrónico",
    "Save the card to a folder...": "Guardar la tarjeta en una carpeta...",
    "Your card is printed. Please take it from the printer.": (
        "Su tarjeta está impresa. Por favor, tómela de la impresora."
    ),
    "Your card was sent to you.": "Le enviamos su tarjeta.",
    "Your card is saved. Staff will give you a copy.": (
        "Su tarjeta está guardada. El personal le dará una copia."
    ),
    "Your card is ready.": "Su tarjeta ya está disponible.",
    "The card was not printed: there is no printer here. Staff can save it or send it to you.": (
        "La tarjeta no se imprimió: aquí no hay impresora. El personal puede guardarla o "
        "enviársela."
    ),
    "The card was not printed: the printer did not take it. Staff can try again, save it or "
    "send it to you.": (
        "La tarjeta no se imprimió: la impresora no la aceptó. El personal puede intentarlo de "
        "nuevo, guardarla o enviársela."
    ),
    "The card could not be sent. Staff can print or save it.": (
        "No se pudo enviar la tarjeta. El personal puede imprimirla o guardarla."
    ),
    "The card was not printed. Staff can try again, save it or send it.": (
        "La tarjeta no se imprimió. El personal puede intentarlo de nuevo, guardarla o enviarla."
    ),
    "The first login did not work today. We booked help or will call you.": (
        "El primer inicio de sesión no funcionó hoy. Le reservamos ayuda o le llamaremos."
    ),
    "You asked for help with the portal. We will help you set it up.": (
        "Usted pidió ayuda con el portal. Le ayudaremos a configurarlo."
    ),
    "The card was not printed: there is no printer. Ask us for a copy.": (
        "La tarjeta no se imprimió: no hay impresora. Pídanos una copia."
    ),
    "The card was not printed: the printer did not take it. Ask us for a copy.": (
        "La tarjeta no se imprimió: la impresora no la aceptó. Pídanos una copia."
    ),
    "The card was not printed. Ask us for a copy.": (
        "La tarjeta no se imprimió. Pídanos una copia."
    ),
    "The card could not be sent to you. Ask us for a copy.": (
        "No se pudo enviar la tarjeta. Pídanos una copia."
    ),
    "This step did not work.": "Este paso no funcionó.",
}


def fill(ts_path: Path = TS) -> tuple[int, list[str]]:
    """Apply GLOSSARY to the .ts; return (messages filled, sources still untranslated)."""
    tree = ET.parse(ts_path)
    filled = 0
    missing: list[str] = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        spanish = GLOSSARY.get(source)
        if message.get("numerus") == "yes":
            if isinstance(spanish, tuple):
                for form in list(translation):
                    translation.remove(form)
                for text in spanish:
                    ET.SubElement(translation, "numerusform").text = text
                translation.text = None
                translation.attrib.pop("type", None)
                filled += 1
            elif not (translation.findtext("numerusform") or "").strip():
                missing.append(source)
            continue
        if isinstance(spanish, tuple):
            raise SystemExit(f"{source!r}: plural forms given, but the code does not use tr(n)")
        if spanish is not None:
            translation.text = spanish
            translation.attrib.pop("type", None)
            filled += 1
        elif not (translation.text or "").strip() or translation.get("type") == "unfinished":
            missing.append(source)
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return filled, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ts", type=Path, default=TS)
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything is missing")
    args = parser.parse_args()
    filled, missing = fill(args.ts)
    print(f"{filled} messages translated from the glossary; {len(missing)} missing")
    for source in sorted(set(missing)):
        print(f"  missing: {source!r}")
    return 1 if (missing and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
