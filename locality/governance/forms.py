from django import forms


class LoginForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    password = forms.CharField(label="Password", widget=forms.PasswordInput, max_length=200)


class TotpForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        max_length=10,
        help_text="The 6-digit code from your authenticator app",
    )
