from django.urls import path

from kunskapsnod.mapping.views import analysis, items, models, priorities, suggestions, transfer

app_name = "mapping"

urlpatterns = [
    path("kartlaggning/", analysis.index, name="index"),
    path("kartlaggning/poster/", items.item_list, name="items"),
    path("kartlaggning/poster/ny/", items.item_form, name="item_create"),
    path("kartlaggning/poster/<int:pk>/", items.item_detail, name="item"),
    path("kartlaggning/poster/<int:pk>/redigera/", items.item_form, name="item_edit"),
    path("kartlaggning/poster/<int:pk>/ta-bort/", items.item_delete, name="item_delete"),
    path("kartlaggning/poster/<int:pk>/klassificera/", items.item_classify, name="item_classify"),
    path("kartlaggning/matris/", analysis.matrix, name="matrix"),
    path("kartlaggning/gap/", analysis.gap, name="gap"),
    path("kartlaggning/oklassificerade/", analysis.unclassified, name="unclassified"),
    path("kartlaggning/forslag/", suggestions.suggestion_list, name="suggestions"),
    path("kartlaggning/prioriteringar/", priorities.priorities, name="priorities"),
    path("kartlaggning/prioriteringar/klassificera/", priorities.priority_classify, name="priority_classify"),
    path("kartlaggning/prioriteringar/<int:pk>/behov/", priorities.priority_need, name="priority_need"),
    path("kartlaggning/export.<str:fmt>", transfer.export, name="export"),
    path("kartlaggning/import/", transfer.import_file, name="import"),
    path("kartlaggning/analysmodell/", models.model_list, name="models"),
    path("kartlaggning/analysmodell/<int:version>/", models.model_detail, name="model"),
    path("kartlaggning/analysmodell/<int:version>/ny-version/", models.model_create, name="model_create"),
    path("kartlaggning/analysmodell/<int:version>/overfor/", models.model_carry_over, name="model_carry_over"),
    path("kartlaggning/analysmodell/<int:version>/mappning/", models.model_mappings, name="model_mappings"),
    path("kommun/<slug:slug>/kartlaggning/", analysis.municipality_page, name="municipality"),
]
