import re
from urllib.parse import urlsplit

PASSWORD = "a-long-reader-password-1"


def link_in(message, path_start: str) -> str:
    """The path of the first link in `message`'s plain text that starts with `path_start`;
    and the HTML alternative must carry the same link."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for url in re.findall(r"https?://\S+", text):
        path = urlsplit(url).path
        if path.startswith(path_start):
            assert url in html.replace("&amp;", "&"), "the HTML part links the same place"
            return path
    raise AssertionError(f"no link to {path_start} in:\n{text}")


def sign_up(client, email: str, password: str = PASSWORD, **extra):
    return client.post(
        "/account/signup/",
        {"email": email, "password1": password, "password2": password},
        **extra,
    )


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/account/login/", {"login": email, "password": password})
