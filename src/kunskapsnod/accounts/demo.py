from kunskapsnod.accounts.services import ensure_demo_accounts


def load(out) -> None:
    accounts = ensure_demo_accounts()
    new = [(account, password) for account, password in accounts if password]
    if not new:
        out.write("accounts: demo accounts exist already (reset a password with `kunskapsnod changepassword USERNAME`)")
        return
    out.write("accounts: demo accounts created – the password is shown only this once:")
    for account, password in new:
        out.write(f"  {account.username:<16} {password}   ({account.description})")
