"""The 14 partner countries in each edition's alphabetical order, written out by hand from the catalogs
(text.collation must give it; the pages must show it)."""

EXPECTED = {
    "en": [
        "Afghanistan", "Algeria", "Chad", "Egypt", "Ethiopia", "Iraq", "Lebanon",
        "Libya", "Mali", "Morocco", "Niger", "Nigeria", "Sudan", "Tunisia",
    ],
    # Accented capitals with their base letter: Égypte and Éthiopie under E, before Iraq.
    "fr": [
        "Afghanistan", "Algérie", "Égypte", "Éthiopie", "Iraq", "Liban", "Libye",
        "Mali", "Maroc", "Niger", "Nigéria", "Soudan", "Tchad", "Tunisie",
    ],
    # Without the article, as the UN sorts: الجزائر under jīm, السودان under sīn, العراق under ʿayn,
    # المغرب under mīm (after مصر: ص before غ), النيجر under nūn (before نيجيريا); the hamza forms of
    # alif with alif (إثيوبيا before أفغانستان: ث before ف).
    "ar": [
        "إثيوبيا", "أفغانستان", "تشاد", "تونس", "الجزائر", "السودان", "العراق",
        "لبنان", "ليبيا", "مالي", "مصر", "المغرب", "النيجر", "نيجيريا",
    ],
}  # fmt: skip
