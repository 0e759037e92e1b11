"""Every query value and the fragment of a stored URL are redacted, whatever their names; the parameter names
stay, to say what was there."""

from __future__ import annotations

from remake.secrets import scrub_text

PLANTED = ("sk-userinfo0123456789", "S1codevalue", "S2sigvalue", "S3pwdvalue", "S4fragment")
URL = (f"http://remake:{PLANTED[0]}@127.0.0.1:9/v1?code={PLANTED[1]}&sig={PLANTED[2]}&pwd={PLANTED[3]}"
       f"#access_token={PLANTED[4]}")


def test_every_query_value_and_the_fragment_are_redacted_names_kept():
    assert scrub_text(f"--editor-base-url {URL} done") == (
        "--editor-base-url http://<redacted>@127.0.0.1:9/v1?code=<redacted>&sig=<redacted>&pwd=<redacted>"
        "#<redacted> done")
    assert scrub_text(scrub_text(URL)) == scrub_text(URL)  # scrubbing twice changes nothing
    assert scrub_text("http://host:8000/v1") == "http://host:8000/v1"
    assert scrub_text("is it 2?x=3 or more") == "is it 2?x=3 or more"  # not a URL: only key-named values go
