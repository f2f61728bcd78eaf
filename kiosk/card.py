"""What goes on paper: the quick-reference card, the privacy handout and the benefits summary.

Paper does not pass through Qt's translator (documents are rendered off the GUI thread and
in the patient's language, whatever language the screen shows), so the printed texts live here
as data keyed by language. Layout and painting live in kiosk/ui/documents.py.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class CardContent:
    practice_name: str
    portal_name: str
    login_url: str
    qr_url: str  # activation link (first login) or the login URL
    username: str  # the patient's email or portal username
    practice_phone: str
    reply_days: int
    language: str
    # The portal's password-reset button word for word ([portal] reset_button), and whether
    # the portal shows that label in the card's language (else a Spanish card glosses it).
    reset_button: str = "Forgot password?"
    reset_button_translated: bool = False
    # The day the invitation link stops working, as the patient reads dates (kiosk/expiry.py).
    invitation_expires: str | None = None

    def __post_init__(self) -> None:
        if self.reply_days < 1:
            raise ValueError("reply_days must be at least 1")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handout:
    """A one-page document: a title, an introduction, sections, and a closing line."""

    title: str
    intro: str
    sections: tuple[Section, ...]
    closing: str


def normalize_language(language: str) -> str:
    """'es', 'es-US', 'es_MX' -> 'es'; anything not translated -> 'en'."""
    code = (language or "en").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


# --- the card and its "How to use the portal" section -------------------------------------

CARD_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "sheet_title": "Your patient portal",
        "cut_here": "Cut along the dotted line and keep the card in your wallet.",
        "sign_in_at": "Sign in at",
        "username": "Your username",
        "scan": "Scan with your phone camera",
        "call": "Questions? Call",
        "reply_one": "We reply to portal messages within one business day.",
        "reply_many": "We reply to portal messages within {n} business days.",
        "howto_title": "How to use the portal",
        "step_open": "Open {url} in your web browser, or scan the QR code on the card with "
        "your phone camera.",
        "step_sign_in": "Sign in with your username ({username}) and the password you chose. "
        "Only you know your password: our staff will never ask for it.",
        "step_messages": "Messages: write to your care team with questions that are not urgent. "
        "{reply}",
        "step_results": "Test results: see your lab and test results when they are ready.",
        "step_appointments": "Appointments and refills: book an appointment or ask for a "
        "prescription refill.",
        "step_password": "Forgot your password? Tap \u201c{button}\u201d on the sign-in page, "
        "or call us at {phone}.",
        "reset_gloss": "",
        "emergency": "In an emergency, call 911. Do not use portal messages for urgent problems.",
        "step_expires": "Your invitation link works until {date}. If it runs out, call us at "
        "{phone} for a new one.",
    },
    "es": {
        "sheet_title": "Su portal del paciente",
        "cut_here": "Recorte por la línea punteada y guarde la tarjeta en su cartera.",
        "sign_in_at": "Inicie sesión en",
        "username": "Su nombre de usuario",
        "scan": "Escanee con la cámara de su teléfono",
        "call": "¿Preguntas? Llame al",
        "reply_one": "Respondemos los mensajes del portal en un plazo de un día hábil.",
        "reply_many": "Respondemos los mensajes del portal en un plazo de {n} días hábiles.",
        "howto_title": "Cómo usar el portal",
        "step_open": "Abra {url} en el navegador de internet o escanee el código QR de la "
        "tarjeta con la cámara de su teléfono.",
        "step_sign_in": "Inicie sesión con su nombre de usuario ({username}) y la contraseña que "
        "eligió. Solo usted conoce su contraseña: nuestro personal nunca se la pedirá.",
        "step_messages": "Mensajes: escriba a su equipo médico si tiene preguntas que no sean "
        "urgentes. {reply}",
        "step_results": "Resultados: vea los resultados de sus análisis y pruebas cuando estén "
        "listos.",
        "step_appointments": "Citas y medicamentos: haga una cita o pida que le resurtan una "
        "receta.",
        "step_password": "Si olvidó su contraseña, toque el botón \u201c{button}\u201d{gloss} en "
        "la página de inicio de sesión o llámenos al {phone}.",
        # Many portals show this button only in English: quote it, then say what it means.
        "reset_gloss": " (\u201c¿Olvidó su contraseña?\u201d)",
        "emergency": "En una emergencia, llame al 911. No use los mensajes del portal para "
        "problemas urgentes.",
        "step_expires": "El enlace de su invitación funciona hasta el {date}. Si se vence, "
        "llámenos al {phone} para recibir uno nuevo.",
    },
}


def card_texts(language: str) -> dict[str, str]:
    return CARD_TEXTS[normalize_language(language)]


def reply_sentence(days: int, language: str) -> str:
    """'We reply to portal messages within one business day.' in the patient's language."""
    texts = card_texts(language)
    return texts["reply_one"] if days == 1 else texts["reply_many"].format(n=days)


def howto_steps(content: CardContent) -> list[str]:
    """The numbered 'How to use the portal' steps printed beside the card."""
    t = card_texts(content.language)
    reply = reply_sentence(content.reply_days, content.language)
    expires = (
        [t["step_expires"].format(date=content.invitation_expires, phone=content.practice_phone)]
        if content.invitation_expires
        else []
    )
    return expires + [
        t["step_open"].format(url=content.login_url),
        t["step_sign_in"].format(username=content.username),
        t["step_messages"].format(reply=reply),
        t["step_results"],
        t["step_appointments"],
        t["step_password"].format(
            button=content.reset_button,
            gloss="" if content.reset_button_translated else t["reset_gloss"],
            phone=content.practice_phone,
        ),
    ]


# --- decline remedies: privacy handout and benefits summary -------------------------------


def privacy_handout(language: str, practice_name: str, practice_phone: str) -> Handout:
    """One page for a patient who declined over privacy: what protects them, in plain words."""
    if normalize_language(language) == "es":
        return Handout(
            title="Su privacidad y el portal del paciente",
            intro=f"En {practice_name} cuidamos su información de salud. El portal le da "
            "acceso a su expediente; estas son las protecciones que lo acompañan.",
            sections=(
                Section(
                    "La ley protege su información",
                    paragraphs=(
                        "La ley federal HIPAA protege su información de salud. Solo podemos "
                        "usarla para atenderle, para cobrar esa atención y para el "
                        "funcionamiento de la clínica. Usted tiene derecho a ver su expediente "
                        "y a recibir una copia. La ley no permite vender su información de "
                        "salud sin su permiso por escrito.",
                    ),
                ),
                Section(
                    "Cómo protege el portal sus datos",
                    bullets=(
                        "Protección: todo lo que envía o ve en el portal está protegido "
                        "(cifrado) para que nadie más lo pueda leer, como en la banca en línea.",
                        "Su propia contraseña: solo usted la conoce. Nuestro personal no puede "
                        "verla y nunca se la pedirá.",
                        "Cierre de sesión automático: el portal cierra su sesión después de "
                        "unos minutos sin actividad, para que nadie más vea su información.",
                    ),
                ),
                Section(
                    "Quién puede ver su expediente",
                    paragraphs=(
                        "Usted y su equipo médico. Otra persona, como un familiar "
                        "o cuidador, solo puede tener acceso si usted lo autoriza. Puede "
                        "cancelar ese acceso cuando quiera.",
                    ),
                ),
                Section(
                    "Consejos",
                    bullets=(
                        "No comparta su contraseña con nadie.",
                        "Cierre la sesión al terminar si usa una computadora compartida.",
                    ),
                ),
                Section(
                    "¿Tiene preguntas?",
                    paragraphs=(
                        f"Pregunte en la recepción o llámenos al {practice_phone}. También "
                        "puede pedir una copia de nuestro Aviso de Prácticas de Privacidad.",
                    ),
                ),
            ),
            closing="Usar el portal es su decisión: su atención médica no cambia si decide "
            "no usarlo.",
        )
    return Handout(
        title="Your privacy and the patient portal",
        intro=f"At {practice_name} we protect your health information. The portal gives you "
        "access to your record; these are the protections that come with it.",
        sections=(
            Section(
                "The law protects your information",
                paragraphs=(
                    "The federal HIPAA law protects your health information. We may use it "
                    "only to care for you, to be paid for that care and to run our practice. "
                    "You have the right to see your record and to get a copy. The law does "
                    "not allow your health information to be sold without your written "
                    "permission.",
                ),
            ),
            Section(
                "How the portal keeps your information safe",
                bullets=(
                    "Encryption: everything you send or see in the portal travels encrypted "
                    "(HTTPS), the same protection online banking uses.",
                    "Your own password: only you know it. Our staff cannot see it and will "
                    "never ask you for it.",
                    "Automatic sign-out: the portal signs you out after a few minutes without "
                    "activity, so no one else can see your information.",
                ),
            ),
            Section(
                "Who can see your record",
                paragraphs=(
                    "You and your care team. Anyone else, such as a family member or "
                    "caregiver, gets access only if you allow it, and you can end that access "
                    "at any time.",
                ),
            ),
            Section(
                "Tips",
                bullets=(
                    "Do not share your password with anyone.",
                    "Sign out when you finish if you use a shared computer.",
                ),
            ),
            Section(
                "Questions?",
                paragraphs=(
                    f"Ask at the front desk or call us at {practice_phone}. You can also ask "
                    "for a copy of our Notice of Privacy Practices.",
                ),
            ),
        ),
        closing="Using the portal is your choice: your care does not change if you decide "
        "not to use it.",
    )


def benefits_summary(
    language: str, practice_name: str, practice_phone: str, reply_days: int = 1
) -> Handout:
    """One page for a patient who sees no benefit: four things the portal saves them."""
    reply = reply_sentence(reply_days, language)
    if normalize_language(language) == "es":
        return Handout(
            title="Lo que puede hacer en el portal del paciente",
            intro=f"El portal de {practice_name} es gratuito y funciona en su teléfono o "
            "computadora, a cualquier hora.",
            sections=(
                Section(
                    "Escribir a su equipo médico",
                    paragraphs=(
                        "Envíe preguntas que no sean urgentes sin tener que esperar en la línea. "
                        + reply,
                    ),
                ),
                Section(
                    "Ver los resultados de sus análisis y pruebas",
                    paragraphs=(
                        "Vea los resultados de sus análisis y pruebas en cuanto estén listos.",
                    ),
                ),
                Section(
                    "Pedir que le resurtan recetas",
                    paragraphs=(
                        "Pida que le resurtan sus medicamentos de siempre sin tener que llamar.",
                    ),
                ),
                Section(
                    "Hacer citas",
                    paragraphs=(
                        "Elija el día y la hora que le convengan, y cambie o cancele una cita "
                        "cuando lo necesite.",
                    ),
                ),
            ),
            closing=f"¿Quiere probarlo? Pregunte en la recepción o llame al {practice_phone}: "
            "le ayudamos a registrarse en dos minutos.",
        )
    return Handout(
        title="What you can do in the patient portal",
        intro=f"The {practice_name} portal is free and works on your phone or computer, at "
        "any time of day.",
        sections=(
            Section(
                "Message your care team",
                paragraphs=(
                    "Send questions that are not urgent without waiting on hold. " + reply,
                ),
            ),
            Section(
                "See your test results",
                paragraphs=("Read your lab and test results as soon as they are ready.",),
            ),
            Section(
                "Request prescription refills",
                paragraphs=("Ask for refills of your regular medicines without calling.",),
            ),
            Section(
                "Book appointments",
                paragraphs=(
                    "Pick a day and time that suit you, and change or cancel an appointment "
                    "when you need to.",
                ),
            ),
        ),
        closing=f"Want to try it? Ask at the front desk or call {practice_phone}: we can sign "
        "you up in two minutes.",
    )
