<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_US">
<context>
    <name></name>
    <message>
        <source>no comparison</source>
        <translation>sin comparación</translation>
    </message>
    <message>
        <source>Portal Performance - %1</source>
        <translation>Rendimiento del portal - %1</translation>
    </message>
    <message>
        <source>previous</source>
        <translation>anterior</translation>
    </message>
    <message>
        <source>%1 - generated %2</source>
        <translation>%1 - generado el %2</translation>
    </message>
    <message>
        <source>Enrollment rate (access / seen)</source>
        <translation>Tasa de inscripción (con acceso / atendidos)</translation>
    </message>
    <message>
        <source>Patients with portal access</source>
        <translation>Pacientes con acceso al portal</translation>
    </message>
    <message>
        <source>Unique patients seen</source>
        <translation>Pacientes atendidos (sin repetir)</translation>
    </message>
    <message>
        <source>Active users (of access)</source>
        <translation>Usuarios activos (de los que tienen acceso)</translation>
    </message>
    <message>
        <source>Multi-feature users (of active)</source>
        <translation>Usan más de una función (de los activos)</translation>
    </message>
    <message>
        <source>New enrollments (all kiosks)</source>
        <translation>Inscripciones nuevas (todos los equipos)</translation>
    </message>
    <message>
        <source>Enrollments at the kiosks</source>
        <translation>Inscripciones en los equipos de recepción</translation>
    </message>
    <message>
        <source>Messages sent by patients</source>
        <translation>Mensajes enviados por pacientes</translation>
    </message>
    <message>
        <source>Messages received by patients</source>
        <translation>Mensajes recibidos por pacientes</translation>
    </message>
    <message>
        <source>Messages per patient</source>
        <translation>Mensajes por paciente</translation>
    </message>
    <message>
        <source>Appointments booked online</source>
        <translation>Citas programadas en el portal</translation>
    </message>
    <message>
        <source>All appointments</source>
        <translation>Todas las citas</translation>
    </message>
    <message>
        <source>Appointments booked online, share</source>
        <translation>Parte de las citas programadas en el portal</translation>
    </message>
    <message>
        <source>Results viewed</source>
        <translation>Resultados consultados</translation>
    </message>
    <message>
        <source>Results viewed same day</source>
        <translation>Resultados consultados el mismo día</translation>
    </message>
    <message>
        <source>Bill payments online</source>
        <translation>Pagos de facturas en el portal</translation>
    </message>
    <message>
        <source>Collections paid online, share</source>
        <translation>Parte de los cobros pagados en el portal</translation>
    </message>
    <message>
        <source>Phone calls</source>
        <translation>Llamadas telefónicas</translation>
    </message>
    <message>
        <source>Median message response time</source>
        <translation>Tiempo mediano de respuesta a mensajes</translation>
    </message>
    <message>
        <source>Portal users satisfied</source>
        <translation>Usuarios del portal satisfechos</translation>
    </message>
    <message>
        <source>Adoption</source>
        <translation>Uso del portal</translation>
    </message>
    <message>
        <source>needs the EHR figures (refresh while online)</source>
        <translation>faltan las cifras del expediente médico (actualice con conexión)</translation>
    </message>
    <message>
        <source>needs portal usage (portal API or monthly CSV)</source>
        <translation>falta el uso del portal (API del portal o CSV mensual)</translation>
    </message>
    <message>
        <source>needs figures typed in (Admin &gt; Practice figures)</source>
        <translation>faltan cifras escritas a mano (Administración &gt; Cifras del consultorio)</translation>
    </message>
    <message>
        <source>no source</source>
        <translation>sin fuente</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 pts</source>
        <translation>%1 pts</translation>
    </message>
    <message>
        <source>Practice figures have not been read from the EHR yet: tap Refresh.</source>
        <translation>Todavía no se leyeron las cifras del expediente médico: toque Actualizar.</translation>
    </message>
    <message numerus="yes">
        <source>Practice figures read %n minute(s) ago.</source>
        <translation>
            <numerusform>Cifras del consultorio leídas hace %n minuto.</numerusform>
            <numerusform>Cifras del consultorio leídas hace %n minutos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Practice figures read %n hour(s) ago.</source>
        <translation>
            <numerusform>Cifras del consultorio leídas hace %n hora.</numerusform>
            <numerusform>Cifras del consultorio leídas hace %n horas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Practice figures read %n day(s) ago.</source>
        <translation>
            <numerusform>Cifras del consultorio leídas hace %n día.</numerusform>
            <numerusform>Cifras del consultorio leídas hace %n días.</numerusform>
        </translation>
    </message>
    <message>
        <source>Increase enrollment: %1 of the patients seen have portal access; the playbook target is 60-70%. Offer the portal at every check-in.</source>
        <translation>Aumentar la inscripción: el %1 de los pacientes atendidos tiene acceso al portal; la meta de la guía es 60-70%. Ofrezca el portal en cada registro de llegada.</translation>
    </message>
    <message>
        <source>Increase active use: %1 of patients with access used the portal this month; the target is 40-50%. Remind patients to message, book and pay online.</source>
        <translation>Aumentar el uso: el %1 de los pacientes con acceso usó el portal este mes; la meta es 40-50%. Recuerde a los pacientes que pueden enviar mensajes, programar citas y pagar en línea.</translation>
    </message>
    <message>
        <source>Increase app installation, currently %1 of patients enrolled at this kiosk: offer the app QR code while the patient has the phone in hand.</source>
        <translation>Aumentar la instalación de la aplicación, ahora en el %1 de los pacientes inscritos en este equipo: ofrezca el código QR de la aplicación mientras el paciente tiene el teléfono en la mano.</translation>
    </message>
    <message>
        <source>A playbook target cannot be checked: it %1.</source>
        <translation>No se puede revisar una meta de la guía: %1.</translation>
    </message>
    <message>
        <source>Every playbook target is met this month.</source>
        <translation>Este mes se cumplen todas las metas de la guía.</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Indicador</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Este mes</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Mes anterior</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>New enrollments</source>
        <translation>Nuevas inscripciones</translation>
    </message>
    <message>
        <source>No email</source>
        <translation>Sin correo electrónico</translation>
    </message>
    <message>
        <source>Not comfortable</source>
        <translation>Incomodidad con la tecnología</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Privacidad</translation>
    </message>
    <message>
        <source>No benefit seen</source>
        <translation>No ve el beneficio</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>offer the text-message (SMS) invitation instead of email</source>
        <translation>ofrezca la invitación por mensaje de texto (SMS) en lugar del correo electrónico</translation>
    </message>
    <message>
        <source>book a help session with a staff member</source>
        <translation>programe una sesión de ayuda con una persona del equipo</translation>
    </message>
    <message>
        <source>hand out the privacy sheet and explain who can see the record</source>
        <translation>entregue la hoja sobre privacidad y explique quién puede ver el expediente</translation>
    </message>
    <message>
        <source>show the benefits summary: messages, results, refills, booking</source>
        <translation>muestre el resumen de beneficios: mensajes, resultados, resurtido de recetas y citas</translation>
    </message>
    <message>
        <source>review the notes staff wrote and share what worked</source>
        <translation>revise las notas del personal y comparta lo que funcionó</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was the most common reason to decline (%2 of %3): %4.</source>
        <translation>El motivo más común para no aceptar fue &quot;%1&quot; (%2 de %3): %4.</translation>
    </message>
    <message>
        <source> The remedy was offered in %1 of these.</source>
        <translation> Se ofreció la solución en el %1 de estos casos.</translation>
    </message>
    <message>
        <source>No enrollments were recorded this period: make sure the kiosk is offered to patients at check-in.</source>
        <translation>No se registraron inscripciones en este período: asegúrese de ofrecer el quiosco a los pacientes cuando llegan a la recepción.</translation>
    </message>
    <message>
        <source>Enrollment rate is %1 against a 60-70% goal: offer the portal to every patient at check-in, not only to those who ask.</source>
        <translation>La tasa de inscripción es de %1 frente a una meta del 60-70%: ofrezca el portal a cada paciente cuando llega a la recepción, no solo a quien lo pida.</translation>
    </message>
    <message>
        <source>Only %1 of enrolled patients logged in at the desk: help each one finish the first login before they leave.</source>
        <translation>Solo el %1 de los pacientes inscritos inició sesión en la recepción: ayude a cada uno a completar su primer inicio de sesión antes de irse.</translation>
    </message>
    <message>
        <source>%1 of this period&apos;s new accounts are active: call patients on the follow-up worklist and resend invitations.</source>
        <translation>El %1 de las cuentas nuevas de este período están activas: llame a los pacientes de la lista de seguimiento y reenvíe las invitaciones.</translation>
    </message>
    <message>
        <source>The mobile app was installed for %1 of enrolled patients: offer the app QR code while the patient has the phone in hand.</source>
        <translation>Se instaló la app para el celular en el %1 de los pacientes inscritos: ofrezca el código QR de la app mientras el paciente tiene el celular en la mano.</translation>
    </message>
    <message>
        <source>%1 of enrolled patients took the quick-reference card home: print one for every patient.</source>
        <translation>El %1 de los pacientes inscritos se llevó la tarjeta del portal: imprima una para cada paciente.</translation>
    </message>
    <message>
        <source>Enrolled this period and past the follow-up window without an active account: %1 (%2 on the worklist in all). Call them and resend the invitation.</source>
        <translation>Pacientes inscritos en este período que pasaron el plazo de seguimiento sin una cuenta activa: %1 (%2 en total en la lista de seguimiento). Llame a esos pacientes y reenvíe la invitación.</translation>
    </message>
    <message>
        <source>Staff enrollment rates range from %1 to %2: recognise the top enrollers and pair colleagues to share their script.</source>
        <translation>Las tasas de inscripción del personal van del %1 al %2: reconozca a quienes más inscriben y forme parejas para que compartan su guion.</translation>
    </message>
    <message>
        <source>Visits that ended before finishing: %1. Start enrollment early in the visit so there is time to complete it.</source>
        <translation>Visitas que terminaron antes de completar la inscripción: %1. Empiece la inscripción al principio de la visita para que haya tiempo de terminarla.</translation>
    </message>
    <message>
        <source>Records that could not be sent to the EHR: %1. Ask IT to check the sync issues screen.</source>
        <translation>Registros que no se pudieron enviar al expediente médico: %1. Pida al equipo de informática que revise la pantalla de problemas de sincronización.</translation>
    </message>
    <message>
        <source>Every metric is at or above goal: keep it up.</source>
        <translation>Todas las cifras están en la meta o por encima: siga así.</translation>
    </message>
    <message>
        <source>Week of %1</source>
        <translation>Semana del %1</translation>
    </message>
    <message>
        <source>Whole practice (playbook)</source>
        <translation>Todo el consultorio (guía)</translation>
    </message>
    <message>
        <source>EHR figures read %1.</source>
        <translation>Cifras del expediente médico leídas el %1.</translation>
    </message>
    <message>
        <source>EHR figures never read.</source>
        <translation>Las cifras del expediente médico nunca se leyeron.</translation>
    </message>
    <message>
        <source>missing: EHR figures</source>
        <translation>falta: expediente médico</translation>
    </message>
    <message>
        <source>missing: portal usage</source>
        <translation>falta: uso del portal</translation>
    </message>
    <message>
        <source>missing: typed-in figures</source>
        <translation>falta: cifras escritas a mano</translation>
    </message>
    <message>
        <source>Kiosk enrollment rate</source>
        <translation>Tasa de inscripción en este equipo</translation>
    </message>
    <message>
        <source>Enrolled / approached</source>
        <translation>Inscritos / abordados</translation>
    </message>
    <message>
        <source>Declined / unfinished</source>
        <translation>No aceptaron / sin terminar</translation>
    </message>
    <message>
        <source>Own accounts %1 (teens %2) - proxy enrollments for children %3 - parents added %4 - caregivers added %5</source>
        <translation>Cuentas propias %1 (adolescentes %2) - inscripciones por representante para menores %3 - padres agregados %4 - cuidadores agregados %5</translation>
    </message>
    <message>
        <source>by day</source>
        <translation>por día</translation>
    </message>
    <message>
        <source>by week</source>
        <translation>por semana</translation>
    </message>
    <message>
        <source>Enrollment rate %1</source>
        <translation>Tasa de inscripción %1</translation>
    </message>
    <message>
        <source>goal 60%</source>
        <translation>meta 60%</translation>
    </message>
    <message>
        <source>No enrollments in this period</source>
        <translation>No hay inscripciones en este período</translation>
    </message>
    <message>
        <source>Engagement</source>
        <translation>Participación</translation>
    </message>
    <message>
        <source>messaging</source>
        <translation>mensajes</translation>
    </message>
    <message>
        <source>scheduling</source>
        <translation>citas</translation>
    </message>
    <message>
        <source>Feature demos</source>
        <translation>Demostraciones</translation>
    </message>
    <message>
        <source>App installs</source>
        <translation>Instalaciones de la app</translation>
    </message>
    <message>
        <source>%1 of enrolled</source>
        <translation>%1 de los inscritos</translation>
    </message>
    <message>
        <source>Cards printed</source>
        <translation>Tarjetas impresas</translation>
    </message>
    <message>
        <source>Invitations</source>
        <translation>Invitaciones</translation>
    </message>
    <message>
        <source>email %1, SMS %2</source>
        <translation>correo electrónico %1, SMS %2</translation>
    </message>
    <message>
        <source>Active accounts (%1)</source>
        <translation>Cuentas activas (%1)</translation>
    </message>
    <message>
        <source>First login at desk (%1)</source>
        <translation>Primer inicio de sesión en la recepción (%1)</translation>
    </message>
    <message>
        <source>Past follow-up window</source>
        <translation>Plazo de seguimiento vencido</translation>
    </message>
    <message>
        <source>%1 on the worklist now</source>
        <translation>%1 en la lista de seguimiento ahora</translation>
    </message>
    <message>
        <source>Declines remedied</source>
        <translation>No aceptaron, con solución</translation>
    </message>
    <message>
        <source>remedy offered and taken</source>
        <translation>solución ofrecida y aceptada</translation>
    </message>
    <message>
        <source>Why patients declined (remedy given)</source>
        <translation>Por qué no aceptaron (solución ofrecida)</translation>
    </message>
    <message>
        <source>Enrollments by staff (rate)</source>
        <translation>Inscripciones por empleado (tasa)</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Impacto</translation>
    </message>
    <message>
        <source>Top opportunities</source>
        <translation>Principales oportunidades</translation>
    </message>
    <message>
        <source>Sync: %1 waiting, %2 need attention.</source>
        <translation>Sincronización: %1 en espera, %2 requieren atención.</translation>
    </message>
    <message>
        <source>Aggregate figures only - no patient information.</source>
        <translation>Solo cifras totales - sin información de pacientes.</translation>
    </message>
    <message>
        <source>missing: EHR figures (refresh the whole-practice view while online)</source>
        <translation>falta: cifras del expediente médico (actualice la vista de todo el consultorio con conexión)</translation>
    </message>
    <message>
        <source>missing: portal usage (portal API or the vendor&apos;s monthly CSV)</source>
        <translation>falta: uso del portal (API del portal o CSV mensual del proveedor)</translation>
    </message>
    <message>
        <source>missing: typed-in figures (Admin &gt; Practice figures)</source>
        <translation>falta: cifras escritas a mano (Administración &gt; Cifras del consultorio)</translation>
    </message>
</context>
<context>
    <name>Admin</name>
    <message>
        <source>Sync issues</source>
        <translation>Problemas de sincronización</translation>
    </message>
    <message>
        <source>Practice figures</source>
        <translation>Cifras del consultorio</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Panel de indicadores</translation>
    </message>
    <message>
        <source>Follow-up worklist</source>
        <translation>Lista de seguimiento</translation>
    </message>
    <message>
        <source>Not enrolled today</source>
        <translation>Sin portal hoy</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>First tap your name.</source>
        <translation>Primero toque su nombre.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>El PIN tiene de 4 a 6 dígitos.</translation>
    </message>
    <message>
        <source>Administrator PINs now have 6 digits. Choose a new one.</source>
        <translation>Ahora el PIN de un administrador tiene 6 dígitos. Elija uno nuevo.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again after %1.</source>
        <translation>Demasiados PIN incorrectos. Inténtelo de nuevo después de las %1.</translation>
    </message>
    <message>
        <source>That PIN is not right. Tries left before a one-minute lock: %1.</source>
        <translation>Ese PIN no es correcto. Intentos antes de un bloqueo de un minuto: %1.</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN incorrecto.</translation>
    </message>
    <message>
        <source>An administrator&apos;s PIN has 6 digits.</source>
        <translation>El PIN de un administrador tiene 6 dígitos.</translation>
    </message>
    <message>
        <source>Type the staff member&apos;s name first.</source>
        <translation>Primero escriba el nombre del empleado.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>You cannot remove yourself while signed in.</source>
        <translation>No puede eliminar su propia cuenta mientras tiene la sesión iniciada.</translation>
    </message>
    <message>
        <source>That did not work. Please try again.</source>
        <translation>No funcionó. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Add a staff member</source>
        <translation>Agregar un empleado</translation>
    </message>
    <message>
        <source>Type their name and choose their PIN, then tap OK on the keypad.</source>
        <translation>Escriba el nombre de la persona y elija su PIN; luego toque OK en el teclado.</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>PIN nuevo</translation>
    </message>
    <message>
        <source>Type the new PIN, then tap OK on the keypad.</source>
        <translation>Escriba el PIN nuevo y luego toque OK en el teclado.</translation>
    </message>
    <message>
        <source>Admin menu</source>
        <translation>Menú de administración</translation>
    </message>
    <message>
        <source>An administrator taps their name and types their PIN.</source>
        <translation>Un administrador toca su nombre y escribe su PIN.</translation>
    </message>
    <message>
        <source>Quit kiosk</source>
        <translation>Cerrar el quiosco</translation>
    </message>
    <message>
        <source>Type your administrator PIN, then tap OK, to close the kiosk.</source>
        <translation>Escriba su PIN de administrador y toque OK para cerrar el quiosco.</translation>
    </message>
    <message>
        <source>PIN for %1:</source>
        <translation>PIN de %1:</translation>
    </message>
    <message>
        <source>Your PIN:</source>
        <translation>Su PIN:</translation>
    </message>
    <message>
        <source>Staff who can sign in</source>
        <translation>Personal que puede iniciar sesión</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Más</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>PIN (4 to 6 digits)</source>
        <translation>PIN (de 4 a 6 dígitos)</translation>
    </message>
    <message>
        <source>PIN (6 digits)</source>
        <translation>PIN (6 dígitos)</translation>
    </message>
    <message>
        <source>Administrator: yes</source>
        <translation>Administrador: sí</translation>
    </message>
    <message>
        <source>Administrator: no</source>
        <translation>Administrador: no</translation>
    </message>
    <message>
        <source>%1 (administrator)</source>
        <translation>%1 (administrador)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eliminar</translation>
    </message>
</context>
<context>
    <name>AppInstallPage</name>
    <message>
        <source>Get the app on your phone</source>
        <translation>Descargar la app en su teléfono</translation>
    </message>
    <message>
        <source>Open your phone&apos;s camera and point it at the code for your phone.</source>
        <translation>Abra la cámara de su teléfono y apúntela al código de su teléfono (iPhone o Android).</translation>
    </message>
    <message>
        <source>The app is the easiest way to check your messages. iPhone: the left code. Android: the right code. Then sign in with the same email and password.</source>
        <translation>La app es la forma más fácil de ver sus mensajes. iPhone: el código de la izquierda. Android: el código de la derecha. Luego inicie sesión con el mismo correo electrónico y la misma contraseña.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>iPhone: App Store</source>
        <translation>iPhone: App Store</translation>
    </message>
    <message>
        <source>Android: Google Play</source>
        <translation>Android: Google Play</translation>
    </message>
</context>
<context>
    <name>CodeKeyboard</name>
    <message>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar todo</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
</context>
<context>
    <name>ConfirmAccessPage</name>
    <message>
        <source>Check that it works</source>
        <translation>Comprobar que funciona</translation>
    </message>
    <message>
        <source>Can you see the portal&apos;s home page on your phone? Tap Messages - that is where our replies will be.</source>
        <translation>¿Ve la página principal del portal en su teléfono? Toque Mensajes: ahí estarán nuestras respuestas.</translation>
    </message>
    <message>
        <source>Yes, it works</source>
        <translation>Sí, funciona</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Can you log in and find your messages?</source>
        <translation>¿Puede iniciar sesión y encontrar sus mensajes?</translation>
    </message>
    <message>
        <source>Needs help</source>
        <translation>Necesito ayuda</translation>
    </message>
</context>
<context>
    <name>ContactPage</name>
    <message>
        <source>Please tap the button to agree to text messages.</source>
        <translation>Toque el botón para aceptar los mensajes de texto.</translation>
    </message>
    <message>
        <source>Please check the details marked in red.</source>
        <translation>Revise los datos marcados en rojo.</translation>
    </message>
    <message>
        <source>Please enter the mobile number first.</source>
        <translation>Primero escriba el número de celular.</translation>
    </message>
    <message>
        <source>Your email and mobile number</source>
        <translation>Su correo electrónico y su celular</translation>
    </message>
    <message>
        <source>I&apos;m going to get you set up with access to the %1. You&apos;ll be able to message us, view test results, and schedule appointments. What&apos;s the best email address to use?</source>
        <translation>Voy a darle acceso al %1. Podrá escribirnos, ver los resultados de sus análisis y pruebas y hacer citas. ¿Qué correo electrónico prefiere usar?</translation>
    </message>
    <message>
        <source>No problem - we can send your portal invitation by text message. What is your mobile number? Please tap the button to agree to get our texts.</source>
        <translation>No hay problema: podemos enviarle la invitación al portal por mensaje de texto. ¿Cuál es su número de celular? Toque el botón para aceptar nuestros mensajes.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>No email - we will use text messages</source>
        <translation>Sin correo electrónico: usaremos mensajes de texto</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>I don&apos;t have email</source>
        <translation>No tengo correo electrónico</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Celular</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>Número de celular</translation>
    </message>
    <message>
        <source>Send it by:</source>
        <translation>Enviarla por:</translation>
    </message>
    <message>
        <source>Let&apos;s check what we have on file. Is this still the best email and mobile number for you?</source>
        <translation>Revisemos lo que tenemos en su expediente. ¿Siguen siendo el mejor correo electrónico y celular para usted?</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Mensaje de texto</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>¿Quiso decir %1?</translation>
    </message>
    <message>
        <source>This email address looks right.</source>
        <translation>Este correo electrónico parece correcto.</translation>
    </message>
    <message>
        <source>This mobile number looks right.</source>
        <translation>Este número de celular parece correcto.</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>Usar %1</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Updating...</source>
        <translation>Actualizando...</translation>
    </message>
    <message>
        <source>Preparing the report...</source>
        <translation>Preparando el informe...</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Guardado: %1</translation>
    </message>
    <message>
        <source>Could not load the numbers: %1</source>
        <translation>No se pudieron cargar las cifras: %1</translation>
    </message>
    <message>
        <source>Week of %1</source>
        <translation>Semana del %1</translation>
    </message>
    <message>
        <source>day</source>
        <translation>día</translation>
    </message>
    <message>
        <source>week</source>
        <translation>semana</translation>
    </message>
    <message>
        <source>month</source>
        <translation>mes</translation>
    </message>
    <message>
        <source>period</source>
        <translation>período</translation>
    </message>
    <message>
        <source>On follow-up worklist: %1</source>
        <translation>En la lista de seguimiento: %1</translation>
    </message>
    <message>
        <source>%1 pts</source>
        <translation>%1 pts</translation>
    </message>
    <message>
        <source>No EHR is set up for this kiosk: IT can add it.</source>
        <translation>Este equipo no tiene conexión con el expediente médico: el equipo de TI puede agregarla.</translation>
    </message>
    <message>
        <source>Reading the practice&apos;s figures...</source>
        <translation>Leyendo las cifras del consultorio...</translation>
    </message>
    <message>
        <source>Could not reach the EHR (%1): showing the saved figures.</source>
        <translation>No hubo conexión con el expediente médico (%1): se muestran las cifras guardadas.</translation>
    </message>
    <message>
        <source>Patients approached</source>
        <translation>Pacientes abordados</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Inscritos</translation>
    </message>
    <message>
        <source>Enrollment rate</source>
        <translation>Tasa de inscripción</translation>
    </message>
    <message>
        <source>New enrollments</source>
        <translation>Nuevas inscripciones</translation>
    </message>
    <message>
        <source>First login at desk</source>
        <translation>Primer inicio de sesión en la recepción</translation>
    </message>
    <message>
        <source>Active accounts</source>
        <translation>Cuentas activas</translation>
    </message>
    <message>
        <source>No email</source>
        <translation>Sin correo electrónico</translation>
    </message>
    <message>
        <source>Not comfortable</source>
        <translation>Incomodidad con la tecnología</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Privacidad</translation>
    </message>
    <message>
        <source>No benefit seen</source>
        <translation>No ve el beneficio</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>messaging</source>
        <translation>mensajes</translation>
    </message>
    <message>
        <source>scheduling</source>
        <translation>citas</translation>
    </message>
    <message>
        <source>Arrows: change vs previous %1</source>
        <translation>Flechas: cambio frente al período anterior (%1)</translation>
    </message>
    <message>
        <source>Declined %1, not finished %2</source>
        <translation>No aceptaron %1, sin terminar %2</translation>
    </message>
    <message>
        <source>Demos: %1</source>
        <translation>Demostraciones: %1</translation>
    </message>
    <message>
        <source>App installs: %1</source>
        <translation>Instalaciones de la app: %1</translation>
    </message>
    <message>
        <source>Cards: %1</source>
        <translation>Tarjetas: %1</translation>
    </message>
    <message>
        <source>Own accounts %1, proxy (child) %2, parents/caregivers added %3</source>
        <translation>Cuentas propias %1, por representante (menores) %2, padres o cuidadores agregados %3</translation>
    </message>
    <message>
        <source>Invitations: email %1, SMS %2</source>
        <translation>Invitaciones: correo electrónico %1, SMS %2</translation>
    </message>
    <message>
        <source>Sync: %1 waiting, %2 need attention</source>
        <translation>Sincronización: %1 en espera, %2 requieren atención</translation>
    </message>
    <message>
        <source>No enrollments in this period</source>
        <translation>No hay inscripciones en este período</translation>
    </message>
    <message>
        <source>goal 60%</source>
        <translation>meta 60%</translation>
    </message>
    <message>
        <source>Portal adoption</source>
        <translation>Uso del portal</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Semana</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>Exportar PDF</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>This kiosk</source>
        <translation>Este equipo</translation>
    </message>
    <message>
        <source>Whole practice</source>
        <translation>Todo el consultorio</translation>
    </message>
    <message>
        <source>Refresh from EHR</source>
        <translation>Actualizar del expediente médico</translation>
    </message>
    <message>
        <source>Enrollment rate trend</source>
        <translation>Tendencia de la tasa de inscripción</translation>
    </message>
    <message>
        <source>Why patients declined (remedy given)</source>
        <translation>Por qué no aceptaron (solución ofrecida)</translation>
    </message>
    <message>
        <source>Enrollments by staff (rate)</source>
        <translation>Inscripciones por empleado (tasa)</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>dddd, MMMM d, h:mm AP</source>
        <translation>dddd d &apos;de&apos; MMMM, h:mm ap</translation>
    </message>
    <message>
        <source>MMMM d, yyyy</source>
        <translation>d &apos;de&apos; MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <translation>MMMM &apos;de&apos; yyyy</translation>
    </message>
    <message>
        <source>MMM d</source>
        <translation>d MMM</translation>
    </message>
</context>
<context>
    <name>DeclinePage</name>
    <message>
        <source>Preparing the handout...</source>
        <translation>Preparando la hoja informativa...</translation>
    </message>
    <message>
        <source>The handout could not be made. Please try again.</source>
        <translation>No se pudo crear la hoja informativa. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Please type a few words about the reason.</source>
        <translation>Escriba unas palabras sobre el motivo.</translation>
    </message>
    <message>
        <source>That&apos;s completely fine. May I ask what&apos;s holding you back? It helps us make the portal work for more people.</source>
        <translation>No hay ningún problema. ¿Puedo preguntarle qué le detiene? Nos ayuda a que el portal sirva a más personas.</translation>
    </message>
    <message>
        <source>Record the decline</source>
        <translation>Registrar que no aceptó</translation>
    </message>
    <message>
        <source>Not today?</source>
        <translation>¿Prefiere no hacerlo hoy?</translation>
    </message>
    <message>
        <source>Tap the reason that fits best.</source>
        <translation>Toque el motivo que más se parezca a su caso.</translation>
    </message>
    <message>
        <source>Another reason</source>
        <translation>Otro motivo</translation>
    </message>
    <message>
        <source>Type a few words about the reason.</source>
        <translation>Escriba unas palabras sobre el motivo.</translation>
    </message>
    <message>
        <source>No email? Use text messages</source>
        <translation>¿No tiene correo electrónico? Use mensajes de texto</translation>
    </message>
    <message>
        <source>You don&apos;t need email. We can send the invitation to your mobile phone by text message instead.</source>
        <translation>No necesita correo electrónico. Podemos enviarle la invitación a su celular por mensaje de texto.</translation>
    </message>
    <message>
        <source>We can help you learn it</source>
        <translation>Le ayudamos a aprender a usarlo</translation>
    </message>
    <message>
        <source>We run short help sessions where someone sits with you and sets it up. Which morning works for you?</source>
        <translation>Tenemos sesiones cortas de ayuda en las que una persona de nuestro equipo se sienta con usted y le deja todo listo. ¿Qué mañana le queda bien?</translation>
    </message>
    <message>
        <source>Book a help session</source>
        <translation>Reservar una sesión de ayuda</translation>
    </message>
    <message>
        <source>Your privacy is protected</source>
        <translation>Su privacidad está protegida</translation>
    </message>
    <message>
        <source>Your information is protected by law (HIPAA). The portal is encrypted and only you know your password. Would you like a handout to read at home?</source>
        <translation>La ley (HIPAA) protege su información. El portal está protegido para que nadie más lo pueda leer, y solo usted conoce su contraseña. ¿Quiere una hoja informativa para leer en casa?</translation>
    </message>
    <message>
        <source>What the portal does for you</source>
        <translation>Lo que el portal hace por usted</translation>
    </message>
    <message>
        <source>Many patients like not having to call: you can message us, see results and book visits any time.</source>
        <translation>A muchos pacientes les gusta no tener que llamar: puede escribirnos, ver los resultados de sus análisis y pruebas y hacer citas a cualquier hora.</translation>
    </message>
    <message>
        <source>A few words</source>
        <translation>Unas palabras</translation>
    </message>
    <message>
        <source>Your reason</source>
        <translation>Su motivo</translation>
    </message>
    <message>
        <source>You don&apos;t need email. We can send your invitation to your mobile phone as a text message.</source>
        <translation>No necesita correo electrónico. Podemos enviarle la invitación a su celular como mensaje de texto.</translation>
    </message>
    <message>
        <source>Invite me by text message</source>
        <translation>Envíenme la invitación por mensaje de texto</translation>
    </message>
    <message>
        <source>How we protect your information:</source>
        <translation>Cómo protegemos su información:</translation>
    </message>
    <message>
        <source>The law (HIPAA) protects your health information.</source>
        <translation>La ley (HIPAA) protege su información de salud.</translation>
    </message>
    <message>
        <source>Everything in the portal travels encrypted, like online banking.</source>
        <translation>Todo lo que hay en el portal está protegido para que nadie más lo pueda leer, como en la banca en línea.</translation>
    </message>
    <message>
        <source>Only you know your password. Our staff never ask for it.</source>
        <translation>Solo usted conoce su contraseña. Nuestro personal nunca se la pedirá.</translation>
    </message>
    <message>
        <source>Print the privacy handout</source>
        <translation>Imprimir la hoja sobre privacidad</translation>
    </message>
    <message>
        <source>That time was just taken. Here are the next free times:</source>
        <translation>Alguien acaba de tomar esa hora. Estas son las próximas horas libres:</translation>
    </message>
    <message>
        <source>A staff member sits with you for 15 minutes. Pick a time:</source>
        <translation>Una persona de nuestro equipo se sentará con usted 15 minutos. Elija una hora:</translation>
    </message>
    <message>
        <source>Message your care team without waiting on the phone.</source>
        <translation>Escriba a su equipo médico sin tener que esperar en la línea.</translation>
    </message>
    <message>
        <source>See your test results as soon as they are ready.</source>
        <translation>Vea los resultados de sus análisis y pruebas en cuanto estén listos.</translation>
    </message>
    <message>
        <source>Ask for prescription refills.</source>
        <translation>Pida que le resurtan sus recetas.</translation>
    </message>
    <message>
        <source>Book, move or cancel appointments yourself.</source>
        <translation>Haga, cambie o cancele sus citas por su cuenta.</translation>
    </message>
    <message>
        <source>Let&apos;s try it after all</source>
        <translation>Mejor sí, probémoslo</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Invitation queued for the person you added.</source>
        <translation>La invitación para la persona que agregó está en camino.</translation>
    </message>
    <message>
        <source>Thank you</source>
        <translation>Gracias</translation>
    </message>
    <message>
        <source>Thank you for telling us. You can join the portal at any time - just ask at the front desk.</source>
        <translation>Gracias por decírnoslo. Puede registrarse en el portal cuando quiera: solo pregunte en la recepción.</translation>
    </message>
    <message>
        <source>You&apos;re all set!</source>
        <translation>¡Todo listo!</translation>
    </message>
    <message>
        <source>Welcome to the %1. Watch for our messages, and keep your card.</source>
        <translation>Le damos la bienvenida al %1. Esté pendiente de nuestros mensajes y guarde su tarjeta.</translation>
    </message>
    <message>
        <source>Next patient</source>
        <translation>Siguiente paciente</translation>
    </message>
    <message>
        <source>Add a parent (limited access)</source>
        <translation>Agregar a su padre o madre (acceso limitado)</translation>
    </message>
    <message>
        <source>Add a caregiver</source>
        <translation>Agregar a una persona que le cuida</translation>
    </message>
</context>
<context>
    <name>EmailKeyboard</name>
    <message>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar todo</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
</context>
<context>
    <name>Enrollment</name>
    <message>
        <source>A staff member must be signed in to start an enrollment.</source>
        <translation>Para empezar una inscripción, una persona del personal debe iniciar sesión.</translation>
    </message>
    <message>
        <source>A child&apos;s portal access goes to a parent or guardian: enter their details.</source>
        <translation>El acceso al portal de un menor es para su padre, madre o tutor: escriba los datos de esa persona.</translation>
    </message>
    <message>
        <source>The teen must agree to their own portal account first.</source>
        <translation>Primero el adolescente debe aceptar su propia cuenta del portal.</translation>
    </message>
    <message>
        <source>Enter an email address or a mobile number to continue.</source>
        <translation>Escriba un correo electrónico o un número de celular para continuar.</translation>
    </message>
    <message>
        <source>An email invitation needs an email address.</source>
        <translation>Una invitación por correo electrónico necesita una dirección de correo electrónico.</translation>
    </message>
    <message>
        <source>A text-message invitation needs a mobile number.</source>
        <translation>Una invitación por mensaje de texto necesita un número de celular.</translation>
    </message>
    <message>
        <source>The patient must agree to receive text messages first.</source>
        <translation>Primero, el paciente debe aceptar recibir mensajes de texto.</translation>
    </message>
    <message>
        <source>The invitation has already been sent for this visit.</source>
        <translation>La invitación ya se envió en esta visita.</translation>
    </message>
    <message>
        <source>Step {number} cannot be skipped.</source>
        <translation>El paso {number} no se puede omitir.</translation>
    </message>
    <message>
        <source>Choose a reason for skipping this step.</source>
        <translation>Elija un motivo para omitir este paso.</translation>
    </message>
    <message>
        <source>Step {number} is already done.</source>
        <translation>El paso {number} ya está hecho.</translation>
    </message>
    <message>
        <source>Say why the step did not work.</source>
        <translation>Indique por qué no funcionó el paso.</translation>
    </message>
    <message>
        <source>A help session is booked for a step that did not work.</source>
        <translation>Una sesión de ayuda se reserva para un paso que no funcionó.</translation>
    </message>
    <message>
        <source>Please describe the reason in a few words.</source>
        <translation>Describa el motivo en pocas palabras.</translation>
    </message>
    <message>
        <source>Only a scheduled follow-up can be raised.</source>
        <translation>Solo se puede activar un seguimiento programado.</translation>
    </message>
    <message>
        <source>Only an enrolled patient&apos;s invitation can be resent.</source>
        <translation>Solo se puede reenviar la invitación de una inscripción terminada.</translation>
    </message>
    <message>
        <source>The date of birth is not a valid date.</source>
        <translation>La fecha de nacimiento no es una fecha válida.</translation>
    </message>
    <message>
        <source>The date of birth is in the future; please check it.</source>
        <translation>La fecha de nacimiento es en el futuro; revísela.</translation>
    </message>
    <message>
        <source>Only a teen&apos;s own account needs the teen&apos;s assent.</source>
        <translation>Solo la cuenta propia de un adolescente necesita que el adolescente la acepte.</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s first and last name.</source>
        <translation>Escriba el nombre y el apellido del representante.</translation>
    </message>
    <message>
        <source>Choose how this person is related to the patient.</source>
        <translation>Elija la relación de esta persona con el paciente.</translation>
    </message>
    <message>
        <source>An email invitation needs the proxy&apos;s email address.</source>
        <translation>Una invitación por correo electrónico necesita el correo electrónico del representante.</translation>
    </message>
    <message>
        <source>A text-message invitation needs the proxy&apos;s mobile number.</source>
        <translation>Una invitación por mensaje de texto necesita el número de celular del representante.</translation>
    </message>
    <message>
        <source>The proxy must agree to receive text messages first.</source>
        <translation>Primero el representante debe aceptar recibir mensajes de texto.</translation>
    </message>
    <message>
        <source>Only a child&apos;s enrollment goes through a parent or guardian.</source>
        <translation>Solo la inscripción de un menor se hace por medio de su padre, madre o tutor.</translation>
    </message>
    <message>
        <source>A proxy is added after the patient&apos;s own enrollment is finished.</source>
        <translation>Un representante se agrega después de terminar la inscripción del propio paciente.</translation>
    </message>
    <message>
        <source>A parent proxy with limited access is for teen patients.</source>
        <translation>El acceso limitado de un padre o una madre es para pacientes adolescentes.</translation>
    </message>
    <message>
        <source>The teen must agree to their parent&apos;s access first.</source>
        <translation>Primero el adolescente debe aceptar el acceso de su padre o su madre.</translation>
    </message>
    <message>
        <source>A caregiver proxy is for adult patients.</source>
        <translation>Un cuidador como representante es para pacientes adultos.</translation>
    </message>
    <message>
        <source>The patient must agree to their caregiver&apos;s access first.</source>
        <translation>Primero el paciente debe aceptar el acceso de su cuidador.</translation>
    </message>
    <message>
        <source>A child&apos;s parent or guardian is added in step 1.</source>
        <translation>El padre, la madre o el tutor de un menor se agrega en el paso 1.</translation>
    </message>
    <message>
        <source>At most three proxies of one kind can be added at the desk.</source>
        <translation>En recepción se pueden agregar como máximo tres representantes de un mismo tipo.</translation>
    </message>
    <message>
        <source>An invitation already went to this patient in the last 24 hours; a new one can be sent in about {hours} hour(s).</source>
        <translation>Ya se envió una invitación a este paciente en las últimas 24 horas; se puede enviar otra en unas {hours} hora(s).</translation>
    </message>
</context>
<context>
    <name>Family</name>
    <message>
        <source>Mother</source>
        <translation>Madre</translation>
    </message>
    <message>
        <source>Father</source>
        <translation>Padre</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Padre o madre</translation>
    </message>
    <message>
        <source>Stepparent</source>
        <translation>Padrastro o madrastra</translation>
    </message>
    <message>
        <source>Grandparent</source>
        <translation>Abuelo o abuela</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>Tutor legal</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>Cónyuge</translation>
    </message>
    <message>
        <source>Daughter</source>
        <translation>Hija</translation>
    </message>
    <message>
        <source>Son</source>
        <translation>Hijo</translation>
    </message>
    <message>
        <source>Sibling</source>
        <translation>Hermano o hermana</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Familiar</translation>
    </message>
    <message>
        <source>Friend</source>
        <translation>Amistad</translation>
    </message>
</context>
<context>
    <name>FeatureDemoPage</name>
    <message>
        <source>Message your care team</source>
        <translation>Escriba a su equipo médico</translation>
    </message>
    <message>
        <source>Book your own visits</source>
        <translation>Haga sus propias citas</translation>
    </message>
    <message>
        <source>Let me show you how to message your care team. You can write to us any time with questions that aren&apos;t urgent, and when your doctor orders tests, you&apos;ll see the results here as soon as they&apos;re ready.</source>
        <translation>Le muestro cómo escribir a su equipo médico. Puede escribirnos cuando quiera si tiene preguntas que no sean urgentes, y cuando su médico le pida análisis o pruebas, verá aquí los resultados en cuanto estén listos.</translation>
    </message>
    <message>
        <source>You can book, move or cancel your appointments in the portal, any time of day, without calling us.</source>
        <translation>Puede hacer, cambiar o cancelar sus citas en el portal, a cualquier hora, sin llamarnos.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Citas</translation>
    </message>
</context>
<context>
    <name>FindPatientPage</name>
    <message>
        <source>No EHR connection is set up: enter the patient&apos;s details by hand.</source>
        <translation>No hay conexión con el expediente médico: escriba los datos a mano.</translation>
    </message>
    <message>
        <source>Please check the details marked in red.</source>
        <translation>Revise los datos marcados en rojo.</translation>
    </message>
    <message>
        <source>Enter the name and date of birth, or the record number.</source>
        <translation>Escriba el nombre y la fecha de nacimiento, o el número de expediente.</translation>
    </message>
    <message>
        <source>Searching the EHR...</source>
        <translation>Buscando en el expediente médico...</translation>
    </message>
    <message>
        <source>No patient matches. Check the details, or continue by hand.</source>
        <translation>Ningún paciente coincide. Revise los datos o continúe a mano.</translation>
    </message>
    <message>
        <source>The EHR cannot be reached right now. Continue by hand.</source>
        <translation>El expediente médico no responde ahora. Continúe a mano.</translation>
    </message>
    <message>
        <source>The search did not work. Continue by hand.</source>
        <translation>La búsqueda no funcionó. Continúe a mano.</translation>
    </message>
    <message>
        <source>Find the patient</source>
        <translation>Buscar al paciente</translation>
    </message>
    <message>
        <source>Tap the patient on today&apos;s schedule, or search by name.</source>
        <translation>Toque al paciente en las citas de hoy, o busque por nombre.</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>Buscar por nombre</translation>
    </message>
    <message>
        <source>Check the patient&apos;s name and date of birth with them. With an EHR connection you can also search by record number.</source>
        <translation>Confirme con el paciente su nombre y fecha de nacimiento. Con conexión al expediente médico también puede buscar por número de expediente.</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Today&apos;s schedule</source>
        <translation>Citas de hoy</translation>
    </message>
    <message>
        <source>Continue without the EHR</source>
        <translation>Continuar sin el expediente médico</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Nombre(s)</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Apellido(s)</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <source>Record number (optional)</source>
        <translation>Número de expediente (opcional)</translation>
    </message>
    <message>
        <source>MM/DD/YYYY</source>
        <translation>MM/DD/AAAA</translation>
    </message>
    <message>
        <source>MM/DD/YYYY (month/day/year)</source>
        <translation>MM/DD/AAAA (mes/día/año)</translation>
    </message>
    <message>
        <source>Tap the right patient:</source>
        <translation>Toque el paciente correcto:</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>All done?</source>
        <translation>¿Todo listo?</translation>
    </message>
    <message>
        <source>Here is what we did today.</source>
        <translation>Esto es lo que hicimos hoy.</translation>
    </message>
    <message>
        <source>Finishing saves this in the patient&apos;s chart. If they have not logged in within a week, we will follow up.</source>
        <translation>Al terminar, esto se guarda en el expediente del paciente. Si no inicia sesión en una semana, le daremos seguimiento.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Terminar</translation>
    </message>
</context>
<context>
    <name>FirstLoginPage</name>
    <message>
        <source>Log in for the first time</source>
        <translation>Iniciar sesión por primera vez</translation>
    </message>
    <message>
        <source>Open your phone&apos;s camera and point it at this code.</source>
        <translation>Abra la cámara de su teléfono y apúntela a este código.</translation>
    </message>
    <message>
        <source>Let&apos;s do your first login together now. Open the invitation on your phone, then choose a password only you know. I won&apos;t look at it.</source>
        <translation>Iniciemos sesión juntos por primera vez. Abra la invitación en su teléfono y elija una contraseña que solo usted conozca. No la voy a mirar.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Tap the link that appears, then choose your password. Your username is the email address you gave us.</source>
        <translation>Toque el enlace que aparece y elija su contraseña. Su nombre de usuario es el correo electrónico que nos dio.</translation>
    </message>
    <message>
        <source>We just sent you a text message. Open it and tap the link to choose your password. It looks like this:</source>
        <translation>Le acabamos de enviar un mensaje de texto. Ábralo y toque el enlace para elegir su contraseña. Se ve así:</translation>
    </message>
    <message>
        <source>We just sent you an email. Open it and tap the button to choose your password. It looks like this:</source>
        <translation>Le acabamos de enviar un correo electrónico. Ábralo y toque el botón para elegir su contraseña. Se ve así:</translation>
    </message>
    <message>
        <source>Couldn&apos;t log in</source>
        <translation>No pude iniciar sesión</translation>
    </message>
    <message>
        <source>Confirm manually</source>
        <translation>Confirmar a mano</translation>
    </message>
    <message>
        <source>Did you see the patient&apos;s portal home page on their phone?</source>
        <translation>¿Vio la página de inicio del portal en el teléfono del paciente?</translation>
    </message>
    <message>
        <source>Yes, I saw it</source>
        <translation>Sí, la vi</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Done - you are logged in.</source>
        <translation>Listo: ya inició sesión.</translation>
    </message>
    <message>
        <source>Your invitation is on its way. The code appears here.</source>
        <translation>Su invitación está en camino. El código aparecerá aquí.</translation>
    </message>
    <message>
        <source>Waiting for the first login. Staff will confirm it with you.</source>
        <translation>Esperando el primer inicio de sesión. El personal lo confirmará con usted.</translation>
    </message>
    <message>
        <source>Waiting for the first login...</source>
        <translation>Esperando el primer inicio de sesión...</translation>
    </message>
</context>
<context>
    <name>FollowUpWorklist</name>
    <message>
        <source>Sign in as staff to see the follow-up list.</source>
        <translation>Inicie sesión como personal para ver la lista de seguimiento.</translation>
    </message>
    <message>
        <source>Nobody needs a follow-up call right now.</source>
        <translation>Nadie necesita una llamada de seguimiento ahora.</translation>
    </message>
    <message>
        <source>%1 patients need a follow-up; the oldest %2 are shown.</source>
        <translation>%1 pacientes necesitan seguimiento; se muestran los %2 más antiguos.</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) need a follow-up, oldest first.</source>
        <translation>
            <numerusform>%n paciente necesita seguimiento.</numerusform>
            <numerusform>%n pacientes necesitan seguimiento, los más antiguos primero.</numerusform>
        </translation>
    </message>
    <message>
        <source>That did not work: %1</source>
        <translation>No funcionó: %1</translation>
    </message>
    <message>
        <source>Invitation queued; it is sent as soon as the portal is reachable.</source>
        <translation>Invitación en espera; se enviará en cuanto haya conexión con el portal.</translation>
    </message>
    <message>
        <source>Marked as called.</source>
        <translation>Marcado como llamado.</translation>
    </message>
    <message>
        <source>Close the follow-up for %1? Choose why:</source>
        <translation>¿Cerrar el seguimiento de %1? Elija el motivo:</translation>
    </message>
    <message>
        <source>Follow-up closed.</source>
        <translation>Seguimiento cerrado.</translation>
    </message>
    <message>
        <source>Follow-up worklist</source>
        <translation>Lista de seguimiento</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Has logged in</source>
        <translation>Ya inició sesión</translation>
    </message>
    <message>
        <source>Does not want it</source>
        <translation>No lo quiere</translation>
    </message>
    <message>
        <source>Wrong contact details</source>
        <translation>Datos de contacto incorrectos</translation>
    </message>
    <message>
        <source>Left the practice</source>
        <translation>Ya no es paciente de la clínica</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>HelpSessionOffer</name>
    <message>
        <source>That&apos;s OK - we will help you.</source>
        <translation>No se preocupe: le ayudamos.</translation>
    </message>
    <message>
        <source>Your help session is booked: %1. We will see you then.</source>
        <translation>Su sesión de ayuda está reservada: %1. Le esperamos.</translation>
    </message>
    <message>
        <source>A staff member can sit with you for 15 minutes and set it up with you. Pick a time:</source>
        <translation>Una persona de nuestro equipo puede sentarse con usted 15 minutos y configurarlo juntos. Elija una hora:</translation>
    </message>
    <message>
        <source>That time was just taken. Here are the next free times:</source>
        <translation>Alguien acaba de tomar esa hora. Estas son las próximas horas libres:</translation>
    </message>
    <message>
        <source>Book a help session: %1</source>
        <translation>Reservar una sesión de ayuda: %1</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message numerus="yes">
        <source>For your privacy, this screen will clear in %n second(s). Everything already saved stays saved.</source>
        <translation>
            <numerusform>Por su privacidad, esta pantalla se borrará en %n segundo. Lo que ya se guardó sigue guardado.</numerusform>
            <numerusform>Por su privacidad, esta pantalla se borrará en %n segundos. Lo que ya se guardó sigue guardado.</numerusform>
        </translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
</context>
<context>
    <name>InvitationPage</name>
    <message>
        <source>The link works until %1.</source>
        <translation>El enlace funciona hasta el %1.</translation>
    </message>
    <message>
        <source>Send your invitation</source>
        <translation>Enviar su invitación</translation>
    </message>
    <message>
        <source>We will send your portal invitation by text message to:</source>
        <translation>Le enviaremos la invitación al portal por mensaje de texto al:</translation>
    </message>
    <message>
        <source>We will send your portal invitation by email to:</source>
        <translation>Le enviaremos la invitación al portal por correo electrónico a:</translation>
    </message>
    <message>
        <source>Let&apos;s send your invitation now, while you&apos;re here. Watch for a message from the %1 - it has the link to set your password.</source>
        <translation>Enviemos su invitación ahora, mientras está aquí. Busque un mensaje del %1: trae el enlace para crear su contraseña.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Send the invitation</source>
        <translation>Enviar la invitación</translation>
    </message>
    <message>
        <source>Sent. Check your messages.</source>
        <translation>Enviada. Revise sus mensajes.</translation>
    </message>
    <message>
        <source>Saved, but the portal refused it. Staff will see it in the admin menu.</source>
        <translation>Se guardó, pero el portal la rechazó. El personal verá el problema en el menú de administración.</translation>
    </message>
    <message>
        <source>Queued - it will be sent as soon as the kiosk is online.</source>
        <translation>En espera: se enviará en cuanto el quiosco tenga conexión.</translation>
    </message>
</context>
<context>
    <name>InvitationPreview</name>
    <message>
        <source>Text message from %1</source>
        <translation>Mensaje de texto de %1</translation>
    </message>
    <message>
        <source>Email from %1</source>
        <translation>Correo electrónico de %1</translation>
    </message>
    <message>
        <source>Your invitation to %1</source>
        <translation>Su invitación a %1</translation>
    </message>
    <message>
        <source>You are invited to %1. Tap the link to create your password.</source>
        <translation>Le invitamos a %1. Toque el enlace para crear su contraseña.</translation>
    </message>
    <message>
        <source>Activate my account</source>
        <translation>Activar mi cuenta</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <source>at sign</source>
        <translation>arroba</translation>
    </message>
    <message>
        <source>dot</source>
        <translation>punto</translation>
    </message>
    <message>
        <source>hyphen</source>
        <translation>guion</translation>
    </message>
    <message>
        <source>underscore</source>
        <translation>guion bajo</translation>
    </message>
    <message>
        <source>apostrophe</source>
        <translation>apóstrofo</translation>
    </message>
</context>
<context>
    <name>NameKeyboard</name>
    <message>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar todo</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Espacio</translation>
    </message>
    <message>
        <source>Caps</source>
        <translation>Mayús</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Mayúscula</translation>
    </message>
</context>
<context>
    <name>NotEnrolledToday</name>
    <message>
        <source>Not enrolled today</source>
        <translation>Sin portal hoy</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Reading today&apos;s schedule from the EHR...</source>
        <translation>Leyendo las citas de hoy en el expediente médico...</translation>
    </message>
    <message>
        <source>No EHR connection is set up: there is no schedule to list.</source>
        <translation>No hay conexión con el expediente médico: no hay citas que mostrar.</translation>
    </message>
    <message>
        <source>The EHR cannot be reached right now. Try Refresh in a moment.</source>
        <translation>No se puede conectar con el expediente médico ahora. Toque Actualizar en un momento.</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) on today&apos;s schedule have no portal account yet.</source>
        <translation>
            <numerusform>%n paciente con cita hoy aún no tiene cuenta en el portal.</numerusform>
            <numerusform>%n pacientes con cita hoy aún no tienen cuenta en el portal.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everyone on today&apos;s schedule has a portal account or an invitation.</source>
        <translation>Todas las personas con cita hoy tienen cuenta en el portal o una invitación.</translation>
    </message>
</context>
<context>
    <name>OnFilePanel</name>
    <message>
        <source>This is what your record has. Is it still right?</source>
        <translation>Esto es lo que tiene su expediente. ¿Sigue siendo correcto?</translation>
    </message>
    <message>
        <source>Your record has a mobile number, but no email address.</source>
        <translation>Su expediente tiene un número de celular, pero no un correo electrónico.</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Celular</translation>
    </message>
    <message>
        <source>Yes, that&apos;s right</source>
        <translation>Sí, es correcto</translation>
    </message>
    <message>
        <source>No, change it</source>
        <translation>No, cambiarlo</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Show (staff)</source>
        <translation>Mostrar (personal)</translation>
    </message>
    <message>
        <source>Hidden for privacy. Staff can tap Show to read it back to the patient.</source>
        <translation>Oculto por privacidad. El personal puede tocar Mostrar para leérselo al paciente.</translation>
    </message>
</context>
<context>
    <name>Paper</name>
    <message>
        <source>Your patient portal</source>
        <translation>Su portal del paciente</translation>
    </message>
    <message>
        <source>Cut along the dotted line and keep the card in your wallet.</source>
        <translation>Recorte por la línea punteada y guarde la tarjeta en su cartera.</translation>
    </message>
    <message>
        <source>Sign in at</source>
        <translation>Inicie sesión en</translation>
    </message>
    <message>
        <source>Your username</source>
        <translation>Su nombre de usuario</translation>
    </message>
    <message>
        <source>Scan with your phone camera</source>
        <translation>Escanee con la cámara de su teléfono</translation>
    </message>
    <message>
        <source>Questions? Call</source>
        <translation>¿Preguntas? Llame al</translation>
    </message>
    <message>
        <source>We reply to portal messages within one business day.</source>
        <translation>Respondemos los mensajes del portal en un plazo de un día hábil.</translation>
    </message>
    <message>
        <source>We reply to portal messages within {n} business days.</source>
        <translation>Respondemos los mensajes del portal en un plazo de {n} días hábiles.</translation>
    </message>
    <message>
        <source>How to use the portal</source>
        <translation>Cómo usar el portal</translation>
    </message>
    <message>
        <source>Open {url} in your web browser, or scan the QR code on the card with your phone camera.</source>
        <translation>Abra {url} en el navegador de internet o escanee el código QR de la tarjeta con la cámara de su teléfono.</translation>
    </message>
    <message>
        <source>Sign in with your username ({username}) and the password you chose. Only you know your password: our staff will never ask for it.</source>
        <translation>Inicie sesión con su nombre de usuario ({username}) y la contraseña que eligió. Solo usted conoce su contraseña: nuestro personal nunca se la pedirá.</translation>
    </message>
    <message>
        <source>Messages: write to your care team with questions that are not urgent. {reply}</source>
        <translation>Mensajes: escriba a su equipo médico si tiene preguntas que no sean urgentes. {reply}</translation>
    </message>
    <message>
        <source>Test results: see your lab and test results when they are ready.</source>
        <translation>Resultados: vea los resultados de sus análisis y pruebas cuando estén listos.</translation>
    </message>
    <message>
        <source>Appointments and refills: book an appointment or ask for a prescription refill.</source>
        <translation>Citas y medicamentos: haga una cita o pida que le resurtan una receta.</translation>
    </message>
    <message>
        <source>Forgot your password? Tap “{button}”{gloss} on the sign-in page, or call us at {phone}.</source>
        <translation>Si olvidó su contraseña, toque el botón “{button}”{gloss} en la página de inicio de sesión o llámenos al {phone}.</translation>
    </message>
    <message>
        <source> (“Forgot password?”)</source>
        <translation> (“¿Olvidó su contraseña?”)</translation>
    </message>
    <message>
        <source>In an emergency, call 911. Do not use portal messages for urgent problems.</source>
        <translation>En una emergencia, llame al 911. No use los mensajes del portal para problemas urgentes.</translation>
    </message>
    <message>
        <source>Your invitation link works until {date}. If it runs out, call us at {phone} for a new one.</source>
        <translation>El enlace de su invitación funciona hasta el {date}. Si se vence, llámenos al {phone} para recibir uno nuevo.</translation>
    </message>
    <message>
        <source>Your privacy and the patient portal</source>
        <translation>Su privacidad y el portal del paciente</translation>
    </message>
    <message>
        <source>At {practice_name} we protect your health information. The portal gives you access to your record; these are the protections that come with it.</source>
        <translation>En {practice_name} cuidamos su información de salud. El portal le da acceso a su expediente; estas son las protecciones que lo acompañan.</translation>
    </message>
    <message>
        <source>The law protects your information</source>
        <translation>La ley protege su información</translation>
    </message>
    <message>
        <source>The federal HIPAA law protects your health information. We may use it only to care for you, to be paid for that care and to run our practice. You have the right to see your record and to get a copy. The law does not allow your health information to be sold without your written permission.</source>
        <translation>La ley federal HIPAA protege su información de salud. Solo podemos usarla para atenderle, para cobrar esa atención y para el funcionamiento de la clínica. Usted tiene derecho a ver su expediente y a recibir una copia. La ley no permite vender su información de salud sin su permiso por escrito.</translation>
    </message>
    <message>
        <source>How the portal keeps your information safe</source>
        <translation>Cómo protege el portal sus datos</translation>
    </message>
    <message>
        <source>Encryption: everything you send or see in the portal travels encrypted (HTTPS), the same protection online banking uses.</source>
        <translation>Protección: todo lo que envía o ve en el portal está protegido (cifrado) para que nadie más lo pueda leer, como en la banca en línea.</translation>
    </message>
    <message>
        <source>Your own password: only you know it. Our staff cannot see it and will never ask you for it.</source>
        <translation>Su propia contraseña: solo usted la conoce. Nuestro personal no puede verla y nunca se la pedirá.</translation>
    </message>
    <message>
        <source>Automatic sign-out: the portal signs you out after a few minutes without activity, so no one else can see your information.</source>
        <translation>Cierre de sesión automático: el portal cierra su sesión después de unos minutos sin actividad, para que nadie más vea su información.</translation>
    </message>
    <message>
        <source>Who can see your record</source>
        <translation>Quién puede ver su expediente</translation>
    </message>
    <message>
        <source>You and your care team. Anyone else, such as a family member or caregiver, gets access only if you allow it, and you can end that access at any time.</source>
        <translation>Usted y su equipo médico. Otra persona, como un familiar o cuidador, solo puede tener acceso si usted lo autoriza. Puede cancelar ese acceso cuando quiera.</translation>
    </message>
    <message>
        <source>Tips</source>
        <translation>Consejos</translation>
    </message>
    <message>
        <source>Do not share your password with anyone.</source>
        <translation>No comparta su contraseña con nadie.</translation>
    </message>
    <message>
        <source>Sign out when you finish if you use a shared computer.</source>
        <translation>Cierre la sesión al terminar si usa una computadora compartida.</translation>
    </message>
    <message>
        <source>Questions?</source>
        <translation>¿Tiene preguntas?</translation>
    </message>
    <message>
        <source>Ask at the front desk or call us at {practice_phone}. You can also ask for a copy of our Notice of Privacy Practices.</source>
        <translation>Pregunte en la recepción o llámenos al {practice_phone}. También puede pedir una copia de nuestro Aviso de Prácticas de Privacidad.</translation>
    </message>
    <message>
        <source>Using the portal is your choice: your care does not change if you decide not to use it.</source>
        <translation>Usar el portal es su decisión: su atención médica no cambia si decide no usarlo.</translation>
    </message>
    <message>
        <source>What you can do in the patient portal</source>
        <translation>Lo que puede hacer en el portal del paciente</translation>
    </message>
    <message>
        <source>The {practice_name} portal is free and works on your phone or computer, at any time of day.</source>
        <translation>El portal de {practice_name} es gratuito y funciona en su teléfono o computadora, a cualquier hora.</translation>
    </message>
    <message>
        <source>Message your care team</source>
        <translation>Escribir a su equipo médico</translation>
    </message>
    <message>
        <source>Send questions that are not urgent without waiting on hold. {reply}</source>
        <translation>Envíe preguntas que no sean urgentes sin tener que esperar en la línea. {reply}</translation>
    </message>
    <message>
        <source>See your test results</source>
        <translation>Ver los resultados de sus análisis y pruebas</translation>
    </message>
    <message>
        <source>Read your lab and test results as soon as they are ready.</source>
        <translation>Vea los resultados de sus análisis y pruebas en cuanto estén listos.</translation>
    </message>
    <message>
        <source>Request prescription refills</source>
        <translation>Pedir que le resurtan recetas</translation>
    </message>
    <message>
        <source>Ask for refills of your regular medicines without calling.</source>
        <translation>Pida que le resurtan sus medicamentos de siempre sin tener que llamar.</translation>
    </message>
    <message>
        <source>Book appointments</source>
        <translation>Hacer citas</translation>
    </message>
    <message>
        <source>Pick a day and time that suit you, and change or cancel an appointment when you need to.</source>
        <translation>Elija el día y la hora que le convengan, y cambie o cancele una cita cuando lo necesite.</translation>
    </message>
    <message>
        <source>Want to try it? Ask at the front desk or call {practice_phone}: we can sign you up in two minutes.</source>
        <translation>¿Quiere probarlo? Pregunte en la recepción o llame al {practice_phone}: le ayudamos a registrarse en dos minutos.</translation>
    </message>
</context>
<context>
    <name>PhoneKeypad</name>
    <message>
        <source>Clear</source>
        <translation>Borrar todo</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>Playbook</name>
    <message>
        <source>Email and mobile</source>
        <translation>Correo electrónico y celular</translation>
    </message>
    <message>
        <source>Send the invitation</source>
        <translation>Enviar la invitación</translation>
    </message>
    <message>
        <source>First login</source>
        <translation>Primer inicio de sesión</translation>
    </message>
    <message>
        <source>What you can do</source>
        <translation>Lo que puede hacer</translation>
    </message>
    <message>
        <source>Get the app</source>
        <translation>Descargar la app</translation>
    </message>
    <message>
        <source>Check it works</source>
        <translation>Comprobar que funciona</translation>
    </message>
    <message>
        <source>Your reference card</source>
        <translation>Su tarjeta del portal</translation>
    </message>
    <message>
        <source>Saved in your record</source>
        <translation>Guardado en su expediente</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Seguimiento</translation>
    </message>
    <message>
        <source>Parent or guardian (proxy)</source>
        <translation>Padre, madre o tutor (representante)</translation>
    </message>
    <message>
        <source>The patient is short on time</source>
        <translation>El paciente tiene poco tiempo</translation>
    </message>
    <message>
        <source>No smartphone with them</source>
        <translation>No trae un teléfono inteligente</translation>
    </message>
    <message>
        <source>Already done before</source>
        <translation>Ya se hizo antes</translation>
    </message>
    <message>
        <source>The patient prefers to skip</source>
        <translation>El paciente prefiere omitirlo</translation>
    </message>
    <message>
        <source>I don&apos;t have email</source>
        <translation>No tengo correo electrónico</translation>
    </message>
    <message>
        <source>I&apos;m not comfortable with computers</source>
        <translation>Me cuesta usar computadoras</translation>
    </message>
    <message>
        <source>I&apos;m worried about my privacy</source>
        <translation>Me preocupa mi privacidad</translation>
    </message>
    <message>
        <source>I don&apos;t see what it would do for me</source>
        <translation>No veo para qué me serviría</translation>
    </message>
    <message>
        <source>Another reason</source>
        <translation>Otro motivo</translation>
    </message>
    <message>
        <source>Write to your care team at any time.</source>
        <translation>Escriba a su equipo médico cuando quiera.</translation>
    </message>
    <message>
        <source>We reply within one business day.</source>
        <translation>Respondemos en un plazo de un día hábil.</translation>
    </message>
    <message>
        <source>See test results as soon as they are ready.</source>
        <translation>Vea los resultados de sus análisis y pruebas en cuanto estén listos.</translation>
    </message>
    <message>
        <source>Ask for a prescription refill.</source>
        <translation>Pida que le resurtan una receta.</translation>
    </message>
    <message>
        <source>See open appointment times.</source>
        <translation>Vea los horarios disponibles para citas.</translation>
    </message>
    <message>
        <source>Pick the time that suits you.</source>
        <translation>Elija la hora que más le convenga.</translation>
    </message>
    <message>
        <source>Get a reminder the day before.</source>
        <translation>Reciba un recordatorio el día anterior.</translation>
    </message>
    <message>
        <source>Cancel or move a visit yourself.</source>
        <translation>Cancele o cambie una cita por su cuenta.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Omitido</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Todavía no</translation>
    </message>
    <message>
        <source>Did not work</source>
        <translation>No funcionó</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programado</translation>
    </message>
    <message>
        <source>The first login did not work today. We booked help or will call you.</source>
        <translation>El primer inicio de sesión no funcionó hoy. Le reservamos ayuda o le llamaremos.</translation>
    </message>
    <message>
        <source>You asked for help with the portal. We will help you set it up.</source>
        <translation>Usted pidió ayuda con el portal. Le ayudaremos a configurarlo.</translation>
    </message>
    <message>
        <source>The card was not printed: there is no printer. Ask us for a copy.</source>
        <translation>La tarjeta no se imprimió: no hay impresora. Pídanos una copia.</translation>
    </message>
    <message>
        <source>The card was not printed: the printer did not take it. Ask us for a copy.</source>
        <translation>La tarjeta no se imprimió: la impresora no la aceptó. Pídanos una copia.</translation>
    </message>
    <message>
        <source>The card was not printed. Ask us for a copy.</source>
        <translation>La tarjeta no se imprimió. Pídanos una copia.</translation>
    </message>
    <message>
        <source>The card could not be sent to you. Ask us for a copy.</source>
        <translation>No se pudo enviar la tarjeta. Pídanos una copia.</translation>
    </message>
    <message>
        <source>This step did not work.</source>
        <translation>Este paso no funcionó.</translation>
    </message>
</context>
<context>
    <name>PracticeFiguresPage</name>
    <message>
        <source>%1 must be a number (a percentage: 0 to 100).</source>
        <translation>%1 debe ser un número (un porcentaje: de 0 a 100).</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Portal usage CSV</source>
        <translation>CSV de uso del portal</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Choose the portal&apos;s monthly usage CSV first.</source>
        <translation>Primero elija el CSV mensual de uso del portal.</translation>
    </message>
    <message>
        <source>(not in the file)</source>
        <translation>(no está en el archivo)</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Check which column holds each figure, then tap Import.</source>
        <translation>Revise qué columna tiene cada cifra y luego toque Importar.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n month(s): %1</source>
        <translation>
            <numerusform>Se importó %n mes: %1</numerusform>
            <numerusform>Se importaron %n meses: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>That did not work: %1</source>
        <translation>No funcionó: %1</translation>
    </message>
    <message>
        <source>Practice figures</source>
        <translation>Cifras del consultorio</translation>
    </message>
    <message>
        <source>Phone calls this month</source>
        <translation>Llamadas telefónicas este mes</translation>
    </message>
    <message>
        <source>Portal users satisfied (%)</source>
        <translation>Usuarios del portal satisfechos (%)</translation>
    </message>
    <message>
        <source>All patient collections ($)</source>
        <translation>Todos los cobros a pacientes ($)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Portal usage from the vendor&apos;s monthly CSV</source>
        <translation>Uso del portal del CSV mensual del proveedor</translation>
    </message>
    <message>
        <source>Choose file</source>
        <translation>Elegir archivo</translation>
    </message>
    <message>
        <source>Read columns</source>
        <translation>Leer columnas</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
</context>
<context>
    <name>ProgressStepper</name>
    <message>
        <source>Your details</source>
        <translation>Sus datos</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Paso %1 de %2</translation>
    </message>
    <message>
        <source>%1 of %2 steps done.</source>
        <translation>%1 de %2 pasos completados.</translation>
    </message>
    <message>
        <source>current step</source>
        <translation>paso actual</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
</context>
<context>
    <name>ProxyPage</name>
    <message>
        <source>Please enter the first and last name.</source>
        <translation>Escriba el nombre y el apellido.</translation>
    </message>
    <message>
        <source>Please choose how this person is related.</source>
        <translation>Elija qué relación tiene esta persona.</translation>
    </message>
    <message>
        <source>Please enter an email address.</source>
        <translation>Escriba un correo electrónico.</translation>
    </message>
    <message>
        <source>Please tap the button to agree to text messages.</source>
        <translation>Toque el botón para aceptar los mensajes de texto.</translation>
    </message>
    <message>
        <source>The patient must tap to agree first.</source>
        <translation>Primero el paciente debe aceptar.</translation>
    </message>
    <message>
        <source>Who will use the child&apos;s portal?</source>
        <translation>¿Quién usará el portal del menor?</translation>
    </message>
    <message>
        <source>Check the adult&apos;s ID and that they are the child&apos;s parent or legal guardian. They get their own sign-in to the child&apos;s record.</source>
        <translation>Revise la identificación del adulto y que sea el padre, la madre o el tutor legal del menor. Tendrá su propio inicio de sesión para el expediente del menor.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Parent or guardian</source>
        <translation>Padre, madre o tutor</translation>
    </message>
    <message>
        <source>The invitation goes to them: email or text?</source>
        <translation>La invitación le llegará a esa persona: ¿por correo electrónico o por mensaje de texto?</translation>
    </message>
    <message>
        <source>Add a parent</source>
        <translation>Agregar a su padre o madre</translation>
    </message>
    <message>
        <source>Add a caregiver</source>
        <translation>Agregar a una persona que le cuida</translation>
    </message>
    <message>
        <source>Their own name, not the patient&apos;s. The patient decides on the next screen.</source>
        <translation>Su propio nombre, no el del paciente. El paciente decide en la siguiente pantalla.</translation>
    </message>
    <message>
        <source>A parent can get their own limited access to your account, only if you agree. Send their invitation by email or text?</source>
        <translation>Su padre o su madre puede tener acceso limitado a su cuenta, solo si usted está de acuerdo. ¿Enviamos la invitación por correo electrónico o por mensaje de texto?</translation>
    </message>
    <message>
        <source>Say to the teen: your parent will see appointments, vaccines and bills, not private care or your messages. The teen taps to agree, not the parent.</source>
        <translation>Diga al adolescente: su padre o su madre verá citas, vacunas y facturas, no la atención privada ni sus mensajes. Quien toca para aceptar es el adolescente, no su padre o madre.</translation>
    </message>
    <message>
        <source>Send invitation</source>
        <translation>Enviar invitación</translation>
    </message>
    <message>
        <source>Someone who helps with your care can get their own access to your account, if you agree. Send their invitation by email or text?</source>
        <translation>Una persona que le ayuda con su salud puede tener su propio acceso a su cuenta, si usted está de acuerdo. ¿Enviamos la invitación por correo electrónico o por mensaje de texto?</translation>
    </message>
    <message>
        <source>The patient taps to agree, not the caregiver. The caregiver gets their own sign-in and invitation.</source>
        <translation>Quien toca para aceptar es el paciente, no la persona que le cuida. Esa persona recibe su propia invitación y su propio inicio de sesión.</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Nombre(s)</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Apellido(s)</translation>
    </message>
    <message>
        <source>Their email address</source>
        <translation>Su correo electrónico</translation>
    </message>
    <message>
        <source>Their mobile number</source>
        <translation>Su número de celular</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Surname</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Celular</translation>
    </message>
    <message>
        <source>Send the invitation by:</source>
        <translation>Enviar la invitación por:</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Mensaje de texto</translation>
    </message>
    <message>
        <source>Teen agreed</source>
        <translation>El adolescente aceptó</translation>
    </message>
    <message>
        <source>Teen: I agree</source>
        <translation>Adolescente: acepto</translation>
    </message>
    <message>
        <source>Patient agreed</source>
        <translation>El paciente aceptó</translation>
    </message>
    <message>
        <source>Patient: I agree</source>
        <translation>Paciente: acepto</translation>
    </message>
</context>
<context>
    <name>ReadinessBanner</name>
    <message>
        <source>Not ready for patients: %1 setting(s) to fix - IT: kiosk doctor --ready</source>
        <translation>Aún no se puede usar con pacientes: %1 ajuste(s) por corregir - TI: kiosk doctor --ready</translation>
    </message>
</context>
<context>
    <name>ReferenceCardPage</name>
    <message>
        <source>Printing your card...</source>
        <translation>Imprimiendo su tarjeta...</translation>
    </message>
    <message>
        <source>Sending your card...</source>
        <translation>Enviando su tarjeta...</translation>
    </message>
    <message>
        <source>Save the card in this folder</source>
        <translation>Guardar la tarjeta en esta carpeta</translation>
    </message>
    <message>
        <source>The card could not be saved in that folder.</source>
        <translation>No se pudo guardar la tarjeta en esa carpeta.</translation>
    </message>
    <message>
        <source>Saving the card...</source>
        <translation>Guardando la tarjeta...</translation>
    </message>
    <message>
        <source>Your quick-reference card</source>
        <translation>Su tarjeta del portal</translation>
    </message>
    <message>
        <source>Here is a card with everything you need: the web address, your username and our phone number. Keep it in your wallet.</source>
        <translation>Esta tarjeta tiene todo lo que necesita: la dirección web, su nombre de usuario y nuestro teléfono. Guárdela en su cartera.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Print the card</source>
        <translation>Imprimir la tarjeta</translation>
    </message>
    <message>
        <source>Try printing again</source>
        <translation>Intentar imprimir de nuevo</translation>
    </message>
    <message>
        <source>Send it to my phone or email</source>
        <translation>Enviarla a mi teléfono o correo electrónico</translation>
    </message>
    <message>
        <source>Save the card to a folder...</source>
        <translation>Guardar la tarjeta en una carpeta...</translation>
    </message>
    <message>
        <source>Sign in at: %1</source>
        <translation>Inicie sesión en: %1</translation>
    </message>
    <message>
        <source>Your username: %1</source>
        <translation>Su nombre de usuario: %1</translation>
    </message>
    <message>
        <source>Questions? Call %1</source>
        <translation>¿Preguntas? Llame al %1</translation>
    </message>
    <message>
        <source>We reply to portal messages within one business day.</source>
        <translation>Respondemos los mensajes del portal en un plazo de un día hábil.</translation>
    </message>
    <message>
        <source>We reply to portal messages within %1 business days.</source>
        <translation>Respondemos los mensajes del portal en un plazo de %1 días hábiles.</translation>
    </message>
    <message>
        <source>Your card is printed. Please take it from the printer.</source>
        <translation>Su tarjeta está impresa. Por favor, tómela de la impresora.</translation>
    </message>
    <message>
        <source>Your card was sent to you.</source>
        <translation>Le enviamos su tarjeta.</translation>
    </message>
    <message>
        <source>Your card is saved. Staff will give you a copy.</source>
        <translation>Su tarjeta está guardada. El personal le dará una copia.</translation>
    </message>
    <message>
        <source>Your card is ready.</source>
        <translation>Su tarjeta ya está disponible.</translation>
    </message>
    <message>
        <source>The card was not printed: there is no printer here. Staff can save it or send it to you.</source>
        <translation>La tarjeta no se imprimió: aquí no hay impresora. El personal puede guardarla o enviársela.</translation>
    </message>
    <message>
        <source>The card was not printed: the printer did not take it. Staff can try again, save it or send it to you.</source>
        <translation>La tarjeta no se imprimió: la impresora no la aceptó. El personal puede intentarlo de nuevo, guardarla o enviársela.</translation>
    </message>
    <message>
        <source>The card could not be sent. Staff can print or save it.</source>
        <translation>No se pudo enviar la tarjeta. El personal puede imprimirla o guardarla.</translation>
    </message>
    <message>
        <source>The card was not printed. Staff can try again, save it or send it.</source>
        <translation>La tarjeta no se imprimió. El personal puede intentarlo de nuevo, guardarla o enviarla.</translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>Not invited</source>
        <translation>Sin invitación</translation>
    </message>
    <message>
        <source>Invited, not logged in</source>
        <translation>Invitación enviada, sin iniciar sesión</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Cuenta activa</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Se desconoce</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Portal</source>
        <translation>Portal</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>First tap your name.</source>
        <translation>Primero toque su nombre.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>El PIN tiene de 4 a 6 dígitos.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again after %1.</source>
        <translation>Demasiados PIN incorrectos. Inténtelo de nuevo después de las %1.</translation>
    </message>
    <message>
        <source>That PIN is not right. Tries left before a one-minute lock: %1.</source>
        <translation>Ese PIN no es correcto. Intentos antes de un bloqueo de un minuto: %1.</translation>
    </message>
    <message>
        <source>Signing in did not work. Please try again.</source>
        <translation>No se pudo iniciar sesión. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>First type your name.</source>
        <translation>Primero escriba su nombre.</translation>
    </message>
    <message>
        <source>An administrator&apos;s PIN has 6 digits.</source>
        <translation>El PIN de un administrador tiene 6 dígitos.</translation>
    </message>
    <message>
        <source>The two PINs were different. Choose a PIN again.</source>
        <translation>Los dos PIN no coinciden. Elija un PIN otra vez.</translation>
    </message>
    <message>
        <source>Set up the kiosk</source>
        <translation>Configurar el quiosco</translation>
    </message>
    <message>
        <source>Create the first administrator: type your name, then choose a PIN.</source>
        <translation>Cree el primer administrador: escriba su nombre y luego elija un PIN.</translation>
    </message>
    <message>
        <source>Type the same PIN again, then OK.</source>
        <translation>Escriba el mismo PIN otra vez y toque OK.</translation>
    </message>
    <message>
        <source>Choose a PIN of 6 digits, then OK.</source>
        <translation>Elija un PIN de 6 dígitos y toque OK.</translation>
    </message>
    <message>
        <source>Staff sign-in</source>
        <translation>Inicio de sesión del personal</translation>
    </message>
    <message>
        <source>Tap your name, then type your PIN.</source>
        <translation>Toque su nombre y luego escriba su PIN.</translation>
    </message>
    <message>
        <source>PIN for %1:</source>
        <translation>PIN de %1:</translation>
    </message>
    <message>
        <source>Your PIN:</source>
        <translation>Su PIN:</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
</context>
<context>
    <name>Sms</name>
    <message>
        <source>{practice}: Your patient portal invitation: {link} Reply STOP to stop.</source>
        <extracomment>A whole text message: keep {practice}, {link} and STOP. It must fit 160 GSM-7 characters, so no á, í, ó, ú (one of them makes the limit 70); é, ñ, ü are fine.</extracomment>
        <translation>{practice}: Le invitamos al portal del paciente: {link} Responda STOP para cancelar.</translation>
    </message>
    <message>
        <source>{practice}: You are invited to a family member&apos;s patient portal: {link} Reply STOP to stop.</source>
        <extracomment>A whole text message: keep {practice}, {link} and STOP. It must fit 160 GSM-7 characters, so no á, í, ó, ú (one of them makes the limit 70); é, ñ, ü are fine.</extracomment>
        <translation>{practice}: Le invitamos al portal de un familiar: {link} Responda STOP para cancelar.</translation>
    </message>
    <message>
        <source>{practice}: Reminder, your patient portal invitation: {link} Reply STOP to stop.</source>
        <extracomment>A whole text message: keep {practice}, {link} and STOP. It must fit 160 GSM-7 characters, so no á, í, ó, ú (one of them makes the limit 70); é, ñ, ü are fine.</extracomment>
        <translation>{practice}: Recordatorio, le invitamos al portal del paciente: {link} Responda STOP para cancelar.</translation>
    </message>
    <message>
        <source>{practice}: Reminder, your invitation to a family member&apos;s portal: {link} Reply STOP to stop.</source>
        <extracomment>A whole text message: keep {practice}, {link} and STOP. It must fit 160 GSM-7 characters, so no á, í, ó, ú (one of them makes the limit 70); é, ñ, ü are fine.</extracomment>
        <translation>{practice}: Recordatorio, su acceso al portal de un familiar: {link} Responda STOP para cancelar.</translation>
    </message>
    <message>
        <source>{practice} will send text messages to {number} about your patient portal invitation and reminders to finish signing up: no more than 1 a day and 3 a week. Agreeing is not required to get care.</source>
        <extracomment>The patient&apos;s consent to texts: shown, then recorded word for word and sent to the EHR. Keep {practice} and {number}.</extracomment>
        <translation>{practice} enviará mensajes de texto al {number} sobre su invitación al portal del paciente y recordatorios para terminar de registrarse: no más de 1 al día y 3 a la semana. No tiene que aceptar para recibir atención.</translation>
    </message>
    <message>
        <source>Message and data rates may apply.</source>
        <extracomment>Said after the consent to texts, and recorded with it.</extracomment>
        <translation>Pueden aplicarse tarifas de mensajes y datos.</translation>
    </message>
    <message>
        <source>Reply STOP to stop.</source>
        <extracomment>Said after the consent to texts, and recorded with it. Keep STOP: it is the keyword.</extracomment>
        <translation>Responda STOP para cancelar.</translation>
    </message>
</context>
<context>
    <name>SmsConsentPanel</name>
    <message>
        <source>Agreed</source>
        <translation>Aceptado</translation>
    </message>
    <message>
        <source>I agree</source>
        <translation>Estoy de acuerdo</translation>
    </message>
</context>
<context>
    <name>Staff</name>
    <message>
        <source>An administrator&apos;s PIN has {digits} digits.</source>
        <translation>El PIN de un administrador tiene {digits} dígitos.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>El PIN tiene de 4 a 6 dígitos.</translation>
    </message>
    <message>
        <source>Enter the staff member&apos;s name.</source>
        <translation>Escriba el nombre de la persona.</translation>
    </message>
    <message>
        <source>That name is too long (60 characters at most).</source>
        <translation>Ese nombre es demasiado largo (60 caracteres como máximo).</translation>
    </message>
    <message>
        <source>Someone with that name is already on the staff list.</source>
        <translation>Ya hay alguien con ese nombre en la lista del personal.</translation>
    </message>
    <message>
        <source>The kiosk needs at least one administrator.</source>
        <translation>El quiosco necesita al menos un administrador.</translation>
    </message>
    <message>
        <source>A new administrator needs a new PIN. {problem}</source>
        <translation>Un administrador nuevo necesita un PIN nuevo. {problem}</translation>
    </message>
    <message>
        <source>Only an administrator can open the admin menu.</source>
        <translation>Solo un administrador puede abrir el menú de administración.</translation>
    </message>
    <message>
        <source>This needs an administrator&apos;s PIN.</source>
        <translation>Esto necesita el PIN de un administrador.</translation>
    </message>
    <message>
        <source>The admin menu was closed. Type the administrator&apos;s PIN again.</source>
        <translation>Se cerró el menú de administración. Escriba otra vez el PIN del administrador.</translation>
    </message>
    <message>
        <source>The administrator&apos;s PIN has expired. Type it again.</source>
        <translation>El PIN del administrador venció. Escríbalo otra vez.</translation>
    </message>
    <message>
        <source>That staff member is not on the list.</source>
        <translation>Esa persona no está en la lista del personal.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Sign up for the %1</source>
        <translation>Regístrese en el %1</translation>
    </message>
    <message>
        <source>Message your care team, see test results and book appointments from your phone. It takes two minutes.</source>
        <translation>Escriba a su equipo médico, vea los resultados de sus análisis y pruebas y haga citas desde su teléfono. Solo toma dos minutos.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Empezar</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <source>Staff: sign out</source>
        <translation>Personal: cerrar sesión</translation>
    </message>
    <message>
        <source>Admin menu</source>
        <translation>Menú de administración</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Staff: %1</source>
        <translation>Personal: %1</translation>
    </message>
    <message>
        <source>No staff signed in</source>
        <translation>Ningún empleado ha iniciado sesión</translation>
    </message>
    <message>
        <source>EHR: online</source>
        <translation>Expediente médico: conectado</translation>
    </message>
    <message>
        <source>EHR: offline - saving locally</source>
        <translation>Expediente médico: sin conexión - se guarda aquí</translation>
    </message>
    <message>
        <source>EHR: sending...</source>
        <translation>Expediente médico: enviando...</translation>
    </message>
    <message>
        <source>EHR: not connected</source>
        <translation>Expediente médico: no conectado</translation>
    </message>
    <message>
        <source>EHR: sent by the sync service</source>
        <translation>Expediente médico: lo envía el servicio de sincronización</translation>
    </message>
    <message>
        <source>Waiting to send: %1</source>
        <translation>Por enviar: %1</translation>
    </message>
    <message>
        <source>Needs attention: %1</source>
        <translation>Requieren atención: %1</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <source>Larger text</source>
        <translation>Letra grande</translation>
    </message>
    <message>
        <source>For staff - say:</source>
        <translation>Para el personal - diga:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>Omitir este paso</translation>
    </message>
    <message>
        <source>Patient declines</source>
        <translation>El paciente no acepta</translation>
    </message>
    <message>
        <source>Why are you skipping this step?</source>
        <translation>¿Por qué omite este paso?</translation>
    </message>
    <message>
        <source>Cancel - do not skip</source>
        <translation>Cancelar - no omitir</translation>
    </message>
</context>
<context>
    <name>SyncIssues</name>
    <message>
        <source>Email/mobile to the EHR</source>
        <translation>Correo electrónico/celular al expediente médico</translation>
    </message>
    <message>
        <source>Portal invitation</source>
        <translation>Invitación al portal</translation>
    </message>
    <message>
        <source>Enrollment record in the EHR</source>
        <translation>Registro de inscripción en el expediente médico</translation>
    </message>
    <message>
        <source>Follow-up task in the EHR</source>
        <translation>Tarea de seguimiento en el expediente médico</translation>
    </message>
    <message>
        <source>Help-session booking in the EHR</source>
        <translation>Cita de ayuda en el expediente médico</translation>
    </message>
</context>
<context>
    <name>SyncIssuesPage</name>
    <message>
        <source>That is not an administrator&apos;s PIN. Try again.</source>
        <translation>Ese no es un PIN de administrador. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The kiosk could not read its records. Try again.</source>
        <translation>El quiosco no pudo leer sus registros. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Sync issues</source>
        <translation>Problemas de sincronización</translation>
    </message>
    <message>
        <source>All records reached the EHR and the portal.</source>
        <translation>Todos los registros llegaron al expediente médico y al portal.</translation>
    </message>
    <message>
        <source>These records were refused. Fix the cause (the reason is the server&apos;s), then press Retry. Discard only after entering the record by hand.</source>
        <translation>Estos registros fueron rechazados. Corrija la causa (el motivo lo da el servidor) y toque Reintentar. Descarte solo después de registrar los datos a mano.</translation>
    </message>
    <message>
        <source>Administrator PIN to discard this record</source>
        <translation>PIN de administrador para descartar este registro</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Attempts: %1</source>
        <translation>Intentos: %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
</context>
<context>
    <name>TeenAssentPage</name>
    <message>
        <source>Your own portal account</source>
        <translation>Su propia cuenta del portal</translation>
    </message>
    <message>
        <source>You can have your own account to message us, see your results and make appointments. If you agree, tap “I agree”.</source>
        <translation>Puede tener su propia cuenta para escribirnos, ver sus resultados y hacer citas. Si está de acuerdo, toque “Estoy de acuerdo”.</translation>
    </message>
    <message>
        <source>Say to the teen: this account is yours. A parent can get their own limited access only if you agree. They can see appointments, vaccines and bills. They cannot see care you can get on your own (sexual health, mental health, drugs or alcohol) or your messages with us.</source>
        <translation>Diga al adolescente: esta cuenta es suya. Su padre o su madre puede tener acceso limitado solo si usted está de acuerdo. Puede ver citas, vacunas y facturas. No puede ver la atención que usted puede recibir por su cuenta (salud sexual, salud mental, drogas o alcohol) ni sus mensajes con nosotros.</translation>
    </message>
    <message>
        <source>I agree</source>
        <translation>Estoy de acuerdo</translation>
    </message>
    <message>
        <source>Your account is yours: you sign in with your own email or phone.
A parent only gets access if you say yes, and never to private care.</source>
        <translation>Su cuenta es suya: usted inicia sesión con su propio correo electrónico o teléfono.
Su padre o su madre solo tiene acceso si usted dice que sí, y nunca a la atención privada.</translation>
    </message>
</context>
<context>
    <name>TodaySchedule</name>
    <message>
        <source>Reading today&apos;s schedule from the EHR...</source>
        <translation>Leyendo las citas de hoy en el expediente médico...</translation>
    </message>
    <message>
        <source>The schedule could not be read just now; it will try again.</source>
        <translation>No se pudieron leer las citas ahora; se volverá a intentar.</translation>
    </message>
    <message numerus="yes">
        <source>%n appointment(s) today. Tap the patient.</source>
        <translation>
            <numerusform>%n cita hoy. Toque al paciente.</numerusform>
            <numerusform>%n citas hoy. Toque al paciente.</numerusform>
        </translation>
    </message>
    <message>
        <source>No appointments today for this location. Search by name.</source>
        <translation>No hay citas hoy en este lugar. Busque por nombre.</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>Please enter an email address.</source>
        <translation>Escriba un correo electrónico.</translation>
    </message>
    <message>
        <source>That email address is too long.</source>
        <translation>Ese correo electrónico es demasiado largo.</translation>
    </message>
    <message>
        <source>An email address has exactly one @, like name@example.com.</source>
        <translation>Un correo electrónico tiene una sola arroba (@), como nombre@ejemplo.com.</translation>
    </message>
    <message>
        <source>Something is missing before the @.</source>
        <translation>Falta algo antes de la @.</translation>
    </message>
    <message>
        <source>The part after the @ needs a dot, like gmail.com.</source>
        <translation>La parte después de la @ necesita un punto, como gmail.com.</translation>
    </message>
    <message>
        <source>An email address cannot contain spaces.</source>
        <translation>Un correo electrónico no puede tener espacios.</translation>
    </message>
    <message>
        <source>That does not look like a complete email address.</source>
        <translation>No parece un correo electrónico completo.</translation>
    </message>
    <message>
        <source>Please enter a mobile phone number.</source>
        <translation>Escriba un número de celular.</translation>
    </message>
    <message>
        <source>That phone number is too long.</source>
        <translation>Ese número de teléfono es demasiado largo.</translation>
    </message>
    <message>
        <source>Please enter a phone number using digits, like 555 201 0100.</source>
        <translation>Escriba el número de teléfono con dígitos, como 555 201 0100.</translation>
    </message>
    <message>
        <source>That phone number has too few or too many digits.</source>
        <translation>A ese número de teléfono le faltan o le sobran dígitos.</translation>
    </message>
    <message>
        <source>That is not a phone number in use. Please check the digits.</source>
        <translation>Ese número no parece estar en servicio. Revise los dígitos.</translation>
    </message>
    <message>
        <source>That looks like a landline. Text messages need a mobile number.</source>
        <translation>Parece un teléfono de casa (fijo). Los mensajes de texto necesitan un celular.</translation>
    </message>
    <message>
        <source>Please enter the patient&apos;s first name.</source>
        <translation>Escriba el nombre del paciente.</translation>
    </message>
    <message>
        <source>That first name is too long.</source>
        <translation>Ese nombre es demasiado largo.</translation>
    </message>
    <message>
        <source>A first name can use letters, spaces, apostrophes and hyphens only.</source>
        <translation>El nombre solo puede tener letras, espacios, apóstrofos y guiones.</translation>
    </message>
    <message>
        <source>Please enter the patient&apos;s last name.</source>
        <translation>Escriba el apellido del paciente.</translation>
    </message>
    <message>
        <source>That last name is too long.</source>
        <translation>Ese apellido es demasiado largo.</translation>
    </message>
    <message>
        <source>A last name can use letters, spaces, apostrophes and hyphens only.</source>
        <translation>El apellido solo puede tener letras, espacios, apóstrofos y guiones.</translation>
    </message>
    <message>
        <source>Please enter the date of birth.</source>
        <translation>Escriba la fecha de nacimiento.</translation>
    </message>
    <message>
        <source>Please enter the date of birth as MM/DD/YYYY.</source>
        <translation>Escriba la fecha de nacimiento como MM/DD/AAAA (mes/día/año).</translation>
    </message>
    <message>
        <source>That date does not exist. Please check the month and day.</source>
        <translation>Esa fecha no existe. Revise el mes y el día.</translation>
    </message>
    <message>
        <source>The date of birth cannot be in the future.</source>
        <translation>La fecha de nacimiento no puede ser en el futuro.</translation>
    </message>
    <message>
        <source>Please check the year of birth.</source>
        <translation>Revise el año de nacimiento.</translation>
    </message>
    <message>
        <source>Please enter the medical record number.</source>
        <translation>Escriba el número de expediente médico.</translation>
    </message>
    <message>
        <source>A medical record number has letters, digits and hyphens only.</source>
        <translation>El número de expediente médico solo tiene letras, números y guiones.</translation>
    </message>
    <message>
        <source>That has characters that cannot be saved. Please type it again.</source>
        <translation>Eso tiene caracteres que no se pueden guardar. Por favor, escríbalo de nuevo.</translation>
    </message>
</context>
<context>
    <name>Wizard</name>
    <message>
        <source>This cannot be done yet: %1</source>
        <translation>Esto todavía no se puede hacer: %1</translation>
    </message>
    <message>
        <source>This could not be saved. What you entered is still here; please try again.</source>
        <translation>No se pudo guardar. Lo que escribió sigue aquí; inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>This mobile number replied STOP to our texts, so we cannot text it. Please use an email address, or the patient can text START to us.</source>
        <translation>Este celular respondió STOP a nuestros mensajes de texto, así que no podemos enviarle mensajes de texto. Use un correo electrónico, o el paciente puede enviarnos START por mensaje de texto.</translation>
    </message>
</context>
<context>
    <name>WorklistRowView</name>
    <message>
        <source>email</source>
        <translation>correo electrónico</translation>
    </message>
    <message>
        <source>text message</source>
        <translation>mensaje de texto</translation>
    </message>
    <message numerus="yes">
        <source>Invited %1 by %2  ·  %n day(s) past the window</source>
        <translation>
            <numerusform>Invitación enviada el %1 por %2  ·  %n día después del plazo</numerusform>
            <numerusform>Invitación enviada el %1 por %2  ·  %n días después del plazo</numerusform>
        </translation>
    </message>
    <message>
        <source>Called %1</source>
        <translation>Llamado el %1</translation>
    </message>
    <message>
        <source>Link expired %1</source>
        <translation>El enlace venció el %1</translation>
    </message>
    <message>
        <source>Link valid until %1</source>
        <translation>Enlace válido hasta el %1</translation>
    </message>
    <message>
        <source>Resend invitation</source>
        <translation>Reenviar la invitación</translation>
    </message>
    <message>
        <source>Mark called</source>
        <translation>Marcar como llamado</translation>
    </message>
    <message>
        <source>Close...</source>
        <translation>Cerrar...</translation>
    </message>
</context>
</TS>
