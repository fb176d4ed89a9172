"""Configuration: defaults in code, INFOTOCKA_* overrides, a secret kept in instance/."""
from infotocka import create_app


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("INFOTOCKA_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("INFOTOCKA_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("INFOTOCKA_PER_PAGE", "7")
    monkeypatch.setenv("INFOTOCKA_SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/x.db"
    assert app.config["INDEX_DIR"] == str(tmp_path / "idx")
    assert app.config["PER_PAGE"] == 7
    assert app.config["SECRET_KEY"] == "from-env"


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("INFOTOCKA_SECRET_KEY", raising=False)
    import infotocka

    monkeypatch.setattr(infotocka, "ROOT", infotocka.ROOT)
    first = create_app({"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    instance = first.instance_path
    second = create_app({"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert instance == second.instance_path


def test_relative_index_dir_lives_under_instance(monkeypatch):
    monkeypatch.delenv("INFOTOCKA_INDEX_DIR", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert app.config["INDEX_DIR"].startswith(app.instance_path)


def test_every_key_the_code_reads_has_a_default_and_a_readme_row():
    """An operator reading the README's table sees every setting, with the default the code really uses."""
    import re
    from pathlib import Path

    from infotocka.config import Defaults

    root = Path(__file__).resolve().parent.parent
    read = {key for path in (root / "infotocka").rglob("*.py")
            for key in re.findall(r'config(?:\.get\(|\[)\s*"([A-Z][A-Z0-9_]+)"', path.read_text(encoding="utf-8"))}
    read |= {"INVITATION_MAX_AGE", "PASSWORD_RESET_MAX_AGE"}  # looked up by token kind
    framework = {"SECRET_KEY", "SERVER_NAME", "PREFERRED_URL_SCHEME", "APPLICATION_ROOT", "SQLALCHEMY_ENGINE_OPTIONS",
                 "TESTING"}
    defaults = {key for key in vars(Defaults) if key.isupper()}
    assert read - framework <= defaults
    readme = Path(root / "README.md").read_text(encoding="utf-8")
    documented = {key for row in re.findall(r"^\| (`[A-Z][^|]*)\|", readme, re.M) for key in re.findall(r"`([A-Z0-9_]+)`", row)}
    assert defaults <= documented
