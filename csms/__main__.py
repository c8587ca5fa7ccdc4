from csms.cli import app

app()
