"""The first synonym list: the abbreviations of the 2022 pre-study's texts and the node's
everyday vocabulary (the meanings are the standard Swedish ones). Staff edit it at
/sok/synonymer/; adding a row here again leaves an edited row alone."""

from django.db import migrations

SEED = {
    "SYV": "studie- och yrkesvägledning; studie- och yrkesvägledare",
    "BUP": "barn- och ungdomspsykiatri",
    "KAA": "kommunala aktivitetsansvaret",
    "NPF": "neuropsykiatriska funktionsnedsättningar; neuropsykiatrisk funktionsnedsättning",
    "SIP": "samordnad individuell plan",
    "SSPF": "samverkan skola, socialtjänst, polis och fritid",
    "UVAS": "unga som varken arbetar eller studerar",
    "LSS": "lagen om stöd och service till vissa funktionshindrade",
    "BVC": "barnavårdscentral",
    "BHV": "barnhälsovård",
    "MHV": "mödrahälsovård",
    "EHT": "elevhälsoteam",
    "AME": "arbetsmarknadsenhet",
    "IFO": "individ- och familjeomsorg",
    "AF": "Arbetsförmedlingen",
    "FK": "Försäkringskassan",
    "VC": "vårdcentral",
    "VGR": "Västra Götalandsregionen",
    "SoL": "socialtjänstlagen",
    "FTV": "Folktandvården",
    "DUA": "Delegationen för unga och nyanlända till arbete",
    "BBIC": "Barns behov i centrum",
    "BUS": "Barn och unga i samverkan",
    "HVB": "hem för vård eller boende",
    "ANDT": "alkohol, narkotika, doping och tobak",
    "SFI": "svenska för invandrare",
    "PIF": "processutveckling i fokus",
}


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, meaning in SEED.items():
        Synonym.objects.get_or_create(term=term, defaults={"meaning": meaning})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
