"""The TOML config: valid, invalid TOML, unknown key, wrong type; messages name the file and key."""

from __future__ import annotations

from reader.citations.fields import DEFAULT_BROWSER_URL
from reader.config import Config, config_path, load_config


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults(tmp_path):
    assert load_config(tmp_path / "none.toml") == (Config(), [])
    assert Config().citation_style == "bibtex" and Config().browser_url == DEFAULT_BROWSER_URL


def test_default_location_and_env(tmp_path, monkeypatch):
    assert config_path() == tmp_path / "xdg_config_home" / "reader" / "config.toml"
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "c.toml"))
    assert config_path() == tmp_path / "c.toml"


def test_valid(tmp_path):
    path = write(tmp_path, 'citation_style = "apa"\nbrowser_url = "https://x.org/{id}?q={title}"\ntheme = "nord"\n')
    assert load_config(path) == (Config("apa", "https://x.org/{id}?q={title}", "nord"), [])
    assert load_config(write(tmp_path, 'citation_style = "harvard-cite-them-right"\n'))[0].citation_style == (
        "harvard-cite-them-right"
    )


def test_invalid_toml(tmp_path):
    path = write(tmp_path, "citation_style = \n")
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 1 and str(path) in warnings[0] and "not valid TOML" in warnings[0]


def test_unknown_key_wrong_type_and_unknown_style(tmp_path):
    path = write(tmp_path, 'colour = "red"\ntheme = 3\ncitation_style = "nope"\nbrowser_url = "https://x/{doi}"\n')
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 4 and all(w.startswith(f"{path}: ") for w in warnings)
    assert "unknown key “colour”" in warnings[0]
    assert "theme must be a string, not int" in warnings[1]
    assert "citation_style is not a known citation style" in warnings[2]
    assert "browser_url is not a URL template: unknown field {doi}" in warnings[3]


def test_good_keys_survive_a_bad_one(tmp_path):
    config, warnings = load_config(write(tmp_path, 'citation_style = "mla"\ntheme = ["a"]\n'))
    assert config.citation_style == "mla" and config.theme is None and len(warnings) == 1
