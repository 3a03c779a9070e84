"""The demo's youth follow-up: a coordinator in Borås and generated young people only
("… Genererad …"), loaded when the module is switched on. Running it twice changes
nothing."""

import datetime
import random

from django.conf import settings

from kunskapsnod.accounts.models import Role, User
from kunskapsnod.accounts.services import create_user, generate_password
from kunskapsnod.regions.models import Organisation
from kunskapsnod.youth import generated
from kunskapsnod.youth.models import Person
from kunskapsnod.youth.services import imports, progress
from kunskapsnod.youth.services.people import grant_coordinator

USERNAME = "samordnare"


def load(out) -> None:
    if not settings.KUNSKAPSNOD_YOUTH:
        out.write("youth: the module is off (KUNSKAPSNOD_YOUTH=0); no demo data")
        return
    boras = Organisation.objects.get(slug="boras")
    if Person.objects.filter(municipality=boras).exists():
        out.write("youth: demo data exists already")
        return
    granter = User.objects.filter(role=Role.ADMINISTRATOR).first()
    password = generate_password()
    coordinator = create_user(username=USERNAME, password=password, role=Role.READER, organisation=boras)
    grant_coordinator(actor=granter, user=coordinator, municipality=boras)
    imports.import_kaa_list(actor=coordinator, municipality=boras, data=generated.kaa_csv(40, seed=7).encode())
    imports.import_absence(actor=coordinator, municipality=boras, data=generated.absence_csv(60, seed=7).encode())
    _progress(coordinator, boras)
    out.write(f"youth: {USERNAME} (youth coordinator of Borås, TOTP on first visit) – password {password}")
    out.write("youth: 40 generated young people and the absence of 60 generated pupils in Borås")


def _progress(coordinator, boras) -> None:
    rng = random.Random(7)
    scale = progress.save_scale(
        actor=coordinator, owner=boras, name="Stegförflyttning", steps=list(progress.DEFAULT_STEPS)
    )
    steps = list(scale.steps.all())
    start = datetime.date.today() - datetime.timedelta(days=200)
    for person in Person.objects.filter(municipality=boras).order_by("pk")[:25]:
        enrolment = progress.enrol(actor=coordinator, person=person, module=rng.choice(["kaa", "steg1"]),
                                   organisation=boras, scale=scale, started_on=start)  # fmt: skip
        position = rng.randint(0, 2)
        for offset in range(0, 150, 50):
            progress.record_step(actor=coordinator, enrolment=enrolment, step=steps[position],
                                 date=start + datetime.timedelta(days=offset + 1))  # fmt: skip
            position = min(len(steps) - 1, max(0, position + rng.choice([-1, 1, 1])))
        if rng.random() < 0.5:
            outcome = rng.choice(["studier", "arbete", "annat", "okant"])
            ended = start + datetime.timedelta(days=160)
            progress.end_enrolment(actor=coordinator, enrolment=enrolment, ended_on=ended, outcome=outcome)
