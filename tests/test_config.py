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
