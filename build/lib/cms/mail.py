"""The console e-mail backend `make run` uses: the message as Django's console
backend prints it, but with encoded headers (RFC 2047, ``=?utf-8?q?...?=``)
decoded, so a Polish subject reads "Potwierdź adres e-mail" in the terminal."""

from email.header import decode_header, make_header

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


def decoded_header(value: str) -> str:
    """``value`` with its RFC 2047 encoded words decoded (folding undone)."""
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeDecodeError, ValueError):
        return value


def readable(message_text: str) -> str:
    """A printed message with every encoded header line decoded; the body is
    left as it is."""
    head, separator, body = message_text.partition("\n\n")
    lines: list[str] = []
    for line in head.split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line  # a folded header continues the previous line
        else:
            lines.append(line)
    headers = []
    for line in lines:
        name, colon, value = line.partition(":")
        if colon and "=?" in value:
            line = f"{name}: {decoded_header(value.strip())}"
        headers.append(line)
    return "\n".join(headers) + separator + body


class ConsoleEmailBackend(DjangoConsoleBackend):
    """Prints e-mails to the terminal with their subjects (and names) readable."""

    def write_message(self, message):
        msg = message.message()
        msg_data = msg.as_bytes()
        charset = (
            msg.get_charset().get_output_charset() if msg.get_charset() else "utf-8"
        )
        self.stream.write(f"{readable(msg_data.decode(charset))}\n")
        self.stream.write("-" * 79)
        self.stream.write("\n")
