"""What the REST channel hands to NLU (channels/rest_channel.clean)."""
import pytest

from channels.rest_channel import EMPTY, MAX_CHARS, clean


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t", "\x00", "/", "  /  "])
def test_nothing_to_read_becomes_the_empty_input_intent(raw):
    assert clean(raw) == (EMPTY, False)


@pytest.mark.parametrize("payload", ["/affirm", "/deny", "/dont_know", '/inform{"hukou":"jinshan"}',
                                     '/inform{"rural_hukou": true}'])
def test_button_payloads_pass_through(payload):
    assert clean(payload) == (payload, False)


@pytest.mark.parametrize("raw, text", [("/restart", "restart"), ("/session_start", "session_start"),
                                       ("/back", "back"), ('/greet{"a":1}', 'greet{"a":1}'),
                                       ("//affirm", "affirm")])
def test_other_slash_commands_are_read_as_text(raw, text):
    assert clean(raw) == (text, False)


def test_non_strings_become_text():
    assert clean(28) == ("28", False)


def test_up_to_2000_characters_are_kept_and_longer_text_is_cut():
    assert clean("字" * MAX_CHARS) == ("字" * MAX_CHARS, False)
    assert clean("字" * (MAX_CHARS + 1)) == ("字" * MAX_CHARS, True)
