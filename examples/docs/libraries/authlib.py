# pip install authlib flask requests
import os
from authlib.integrations.flask_client import OAuth
from flask import Flask, url_for

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]
oauth = OAuth(app)
oauth.register(
    "gatehouse",
    client_id=os.environ["GATEHOUSE_CLIENT_ID"],
    client_secret=os.environ["GATEHOUSE_CLIENT_SECRET"],
    server_metadata_url="{{metadata_url}}",
    client_kwargs={"scope": "user.read profile email", "code_challenge_method": "{{code_challenge_method}}"},
)

@app.route("/login")
def login():
    return oauth.gatehouse.authorize_redirect(url_for("callback", _external=True))

@app.route("/callback")
def callback():
    token = oauth.gatehouse.authorize_access_token()  # checks state, sends the verifier
    user = oauth.gatehouse.get("{{userinfo_endpoint}}", token=token).json()
    return f"Hello {user.get('name', user['sub'])}"
