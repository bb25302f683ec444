# pip install authlib flask requests (Debian: apt-get install python3-authlib python3-flask python3-requests)
import os
from urllib.parse import urlencode
from authlib.integrations.flask_client import OAuth
from flask import Flask, redirect, session, url_for

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]
oauth = OAuth(app)
oauth.register(
    "gatehouse",
    client_id=os.environ["GATEHOUSE_CLIENT_ID"],
    client_secret=os.environ["GATEHOUSE_CLIENT_SECRET"],
    server_metadata_url="{{openid_configuration}}",
    client_kwargs={"scope": "openid profile email", "code_challenge_method": "{{code_challenge_method}}"},
)

@app.route("/login")
def login():
    return oauth.gatehouse.authorize_redirect(url_for("callback", _external=True))  # sends a nonce

@app.route("/callback")
def callback():
    token = oauth.gatehouse.authorize_access_token()  # checks state; validates the ID token with the JWKS
    session["user"] = dict(token["userinfo"])  # the ID token's claims; key accounts on ["sub"]
    session["id_token"] = token["id_token"]
    return redirect("/")

@app.route("/logout")
def logout():
    id_token = session.pop("id_token", "")
    session.clear()
    end_session = oauth.gatehouse.load_server_metadata()["end_session_endpoint"]
    back = url_for("signed_out", _external=True)  # registered on the app's page
    return redirect(f"{end_session}?{urlencode({'id_token_hint': id_token, 'post_logout_redirect_uri': back})}")

@app.route("/signed-out")
def signed_out():
    return "You are signed out."
