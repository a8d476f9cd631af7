# Les mots de gsef en français : ce qu'une personne lit dans un rapport. Chaque message de
# en.ftl figure ici, ce qu'un test vérifie. Les arguments NOM-shown sont des nombres déjà écrits
# à la française ; NOM est le nombre, pour choisir le pluriel. Les espaces insécables avant
# « : » et fines insécables avant « ; » suivent la typographie française.

## Cellules

total = Total
not-recorded = (non renseigné)
labelled = { $label } :
and = et
or = ou

## Titres de colonnes, par le nom de la colonne en CSV et en JSON

column-event = Événement
column-title = Titre
column-start = Début
column-end = Fin
column-city = Ville
column-country = Pays
column-organizers = Organisateurs
column-invited = Invités
column-registered = Inscrits
column-attended = Présents
column-no_show = Absents
column-cancelled = Annulés
column-attendance_rate = Taux de présence
column-objectives = Objectifs
column-participants = Participants
column-attendances = Présences
column-person_days = Jours-personnes
column-trained = Formés
column-total = Total
column-events_attended = Événements suivis
column-returning = Déjà venus
column-first_time = Première fois
column-new = Nouveaux
column-lapsed = Pas revenus
column-so_far = À ce jour
column-sector = Secteur
column-region = Région
column-world_region = Région du monde
column-subregion = Sous-région
column-organization = Organisation
column-gender = Genre
column-role = Rôle
column-status = Statut
column-series = Série
column-event_country = Pays de l’événement
column-year = Année
column-quarter = Trimestre
column-month = Mois
column-fiscal_year = Exercice
column-number = N°
column-objective = Objectif
column-responses = Réponses
column-mean = Note moyenne
column-top_two_share = Deux meilleures notes
column-rated_0 = Note 0
column-rated_1 = Note 1
column-rated_2 = Note 2
column-rated_3 = Note 3
column-rated_4 = Note 4
column-rated_5 = Note 5
column-rated_6 = Note 6
column-rated_7 = Note 7
column-rated_8 = Note 8
column-rated_9 = Note 9
column-rated_10 = Note 10

## Listes et fiches (`list`, `show`) : en-têtes de colonnes et champs

header-id = ID
header-title = Titre
header-organizer = Organisateur
header-organizers = Organisateurs
header-attendance = Présences
record-illustrative = oui : un enregistrement inventé, pas une personne réelle
record-forgotten = oui : données personnelles effacées
header-category = Catégorie
header-completion = Achèvement
header-hours-per-day = Heures par jour
header-dates = Dates
header-place = Lieu
header-series = Série
header-objectives = Objectifs
header-objective = Objectif
header-number = N°
header-partners = Partenaires
header-invited = Invités
header-links = Liens
header-name = Nom
header-organization = Organisation
header-sector = Secteur
header-country = Pays
header-region = Région
header-email = Courriel
header-gender = Genre
header-birth-year = Année de naissance
header-illustrative = Fictif
header-consent = Consentement
header-forgotten = Oublié
header-merged = Fusionné
header-event = Événement
header-participant = Participant
header-status = Statut
header-role = Rôle
header-days = Jours
header-label = Libellé
header-likely-the-same-as = Sans doute identique à
header-why = Pourquoi

## Statuts et rôles, comme valeurs d'un rapport

status-registered = Inscrit
status-attended = Présent
status-no-show = Absent
status-cancelled = Annulé
role-participant = Participant
role-speaker = Intervenant
role-organizer = Organisateur
role-facilitator = Animateur

## Le bilan pour les bailleurs

summary-kicker = Bilan de participation
summary-part-of = Dans le cadre de { $series }
summary-note = Remarque
summary-events = { $count ->
    [one] L’événement
   *[other] Les événements
}
summary-dates = Dates
summary-place = Lieu
summary-organisers = Organisateurs
summary-partners = Partenaires
summary-objectives = Objectifs
summary-invited = Invités et présents
summary-who-came = Qui est venu
summary-by-sector = Participants par secteur
summary-by-region = Participants par région
summary-sector-caption = Participants par secteur, comme dans le tableau ci-dessus.
summary-returning = Participants déjà venus
summary-returning-explained = Déjà venus : présents à un événement précédent de la série. Première fois : ne l’étaient pas.
summary-counted = Les participants sont des personnes distinctes qui étaient présentes ; les secteurs sont indiqués à leur premier niveau.
summary-suppressed = Les effectifs de 1 à { $below-shown } sont indiqués <{ $k-shown }, et x masque un effectif qui permettrait d’en déduire un.
summary-made-with = Réalisé avec gsef à partir des registres.
-illustrative-why = ce sont des données d’exemple, pour montrer comment fonctionnent les registres. Ces chiffres ne décrivent pas une participation réelle.
illustrative-everyone = { $all ->
    [1] La seule personne de ces registres est fictive : { -illustrative-why }
   *[other] Les { $all-shown } personnes de ces registres sont fictives : { -illustrative-why }
}
illustrative-some = { $made-up ->
    [one] { $made-up-shown } des { $all-shown } personnes de ces registres est fictive : { -illustrative-why }
   *[other] { $made-up-shown } des { $all-shown } personnes de ces registres sont fictives : { -illustrative-why }
}

## Ce qui accompagne le tableau d'un rapport

note-rules = Règles d’achèvement
note-rules-none = aucun événement dans le périmètre
note-rule-nobody = personne n’était présent
note-rule-counts = { $completed-shown } des { $count-shown } présents l’ont achevé
note-provenance = Provenance
note-made-by = Produit par gsef { $version } le { $time }
note-command = Commande : { $command }
note-store = Empreinte des registres : { $hash }

## Règles d’achèvement, sous `report trained`

rule-none = aucune règle d’achèvement : le statut `attended` compte
rule-of-event = la règle de l’événement `{ $rule }`
rule-of-series = la règle de la série `{ $rule }`
rule-minutes-unrecorded = { $rule }, mais aucune présence n’indique de minutes : le statut `attended` compte
rule-minutes = { $rule } : connecté au moins { $count-shown } minutes
rule-days-unlisted = { $rule }, mais aucune présence n’indique de jours : le statut `attended` compte
rule-length-unknown = { $rule }, mais les dates de l’événement ne donnent pas sa durée en jours : le statut `attended` compte
rule-days = { $rule } : présent au moins { $count ->
    [one] { $count-shown } jour
   *[other] { $count-shown } jours
}
rule-days-of = { $rule } : présent au moins { $count ->
    [one] { $count-shown } jour
   *[other] { $count-shown } jours
} sur { $length-shown }
rule-too-short =  ; l’événement est plus court que la règle, personne ne l’achève donc

## Les filtres d'un rapport en mots, en propositions séparées par des points-virgules

filters-none = Tous les registres
filter-every-status = tous les statuts, chacun compté à part
filter-people-who = personnes qui { $list }
filter-who-registered = se sont inscrites
filter-who-attended = étaient présentes
filter-who-no-show = ne sont pas venues
filter-who-cancelled = ont annulé
filter-depth = { $depth ->
    [1] secteurs à leur premier niveau
   *[other] secteurs jusqu’au niveau { $depth-shown }
}
filter-events = { $count ->
    [one] événement { $list }
   *[other] événements { $list }
}
filter-series = série { $list }
filter-from = à partir du { $list }
filter-to = jusqu’au { $list }
filter-sector = secteur { $list }
filter-country = participants venus de { $list }
filter-per-series = chaque personne comptée une fois par série
filter-per-topic = chaque personne comptée une fois par thème
filter-across = { $dimension } en colonnes
filter-per-event = par événement

## Graphiques

bars-by = { $measure } par { $list }
bars-total = { $count-shown } au total
chart-participants = Participants
chart-participants-by = Participants par { $list }
chart-in-total = { $count ->
    [one] { $count-shown } participant au total.
   *[other] { $count-shown } participants au total.
}
chart-nothing = Aucune présence ne correspond à ces filtres.

## Classeurs Excel

about-sheet = À propos
about-report = Rapport
about-filters = Filtres
about-definitions = Définitions
about-summary = Bilan
about-part-of = Dans le cadre de
about-note = Remarque
about-objective = Objectif { $number }
about-participants = personnes distinctes : une personne compte une fois dans une ligne et une fois dans un total, quel que soit le nombre d’événements auxquels elle a participé
about-attendances = enregistrements de présence : une personne présente à deux événements compte deux fois
about-not-recorded = une valeur absente des registres forme son propre groupe
about-rates-term = taux
about-rates = nombres entre 0 et 1, affichés en pourcentage
about-small = un effectif de 1 à { $below-shown } masqué par --min-count { $k-shown }, écrit comme texte
about-withheld = un effectif retenu pour qu’aucun effectif masqué ne puisse se déduire des totaux, écrit comme texte

## report outcomes
note-knowledge = Connaissances (scores en part du maximum du test)
note-knowledge-paired = { $paired } ont passé le test initial et le test final
note-knowledge-means = Score moyen avant : { $before } ; après : { $after } ; progression : { $gain }
note-knowledge-shares = Ont progressé : { $share } ; ont atteint { $mastery } ou plus après : { $rate }
note-knowledge-unpaired = Test initial seulement : { $pre-only } ; test final seulement : { $post-only }
note-knowledge-none = aucun score initial et final à apparier
note-overall = L’événement dans son ensemble
note-overall-rated = Note moyenne { $mean } ; { $share } dans les deux meilleures notes ({ $responses } réponses)
note-overall-none = personne n’a noté l’événement dans son ensemble
note-response-rate = Taux de réponse
note-response-rate-line = { $instrument } : { $responses } réponses, { $attended } présents ({ $rate })
note-response-rate-none = aucune réponse
note-comments = Commentaires
note-comments-none = aucun commentaire qui puisse être montré
instrument-pre = test initial
instrument-post = test final
instrument-feedback = questionnaire d’évaluation
note-knowledge-group = { $label } : { $paired } avec les deux tests ; avant { $before }, après { $after }, progression { $gain }

## report summary : a-t-il atteint ses objectifs ?
summary-outcomes = A-t-il atteint ses objectifs ?
summary-objective-rated = note moyenne de { $mean } sur { $count-shown } ; { $share } lui ont donné l’une des deux meilleures notes ({ $responses } réponses)
summary-objective-hidden = { $responses } réponses ; la note est omise, trop peu de personnes ayant donné certaines des notes
summary-objective-unrated = personne ne l’a noté
summary-knowledge = Sur les { $paired } personnes qui ont passé le test avant et après, le score moyen est passé de { $before } à { $after } du total des points ; { $share } ont progressé, et { $rate } ont obtenu { $mastery } ou plus après.
summary-answered-one = { $instrument }, { $responses } sur { $attended } présents ({ $rate })
summary-answered = Qui a répondu : { $list }.

## La feuille d’émargement (gsef sheet).
sheet-title = Feuille d’émargement
sheet-number = N°
sheet-code = Code de feuille
sheet-name = Nom
sheet-organization = Organisation
sheet-sector = Secteur
sheet-country = Pays
sheet-email = Courriel
sheet-sign = signature ou ✓
sheet-checked-in = Enregistré à l’entrée
sheet-consent = Consentement
sheet-consent-box = J’accepte
sheet-consent-wording = J’accepte que mon nom et mon organisation soient conservés dans les registres de cet événement et que je sois compté dans ses rapports, sans jamais y figurer nommément.
sheet-walk-ins = Vous n’êtes pas sur la liste ? Inscrivez votre nom, votre organisation, votre secteur, votre pays et votre courriel sur une ligne vide.
sheet-privacy = Cette feuille contient des données personnelles. Elle sert uniquement à enregistrer la présence à cet événement, est conservée par les organisateurs et n’est pas communiquée ; merci de ne pas la photographier.
sheet-page = Page { $page } sur { $pages }

## gsef certificate : une page par personne
certificate-title-attended = Attestation de participation
certificate-title-completed = Attestation de fin de formation
certificate-certifies = Nous attestons que
certificate-attended = a participé à
certificate-completed = a suivi jusqu’au bout
certificate-days = avec { $present-shown } { $present ->
    [one] jour
   *[other] jours
} de présence sur { $days-shown } ; il en faut { $required-shown } pour l’achever
certificate-days-of-rule = avec { $present-shown } { $present ->
    [one] jour
   *[other] jours
} de présence ; il en faut { $required-shown } pour l’achever
certificate-minutes = avec { $minutes-shown } minutes de participation ; il en faut { $required-shown } pour l’achever
certificate-dates = Dates
certificate-place = Lieu
certificate-organizers = Organisé par
certificate-objectives = Objectifs de l’événement
certificate-issued = Délivrée le { $date }
certificate-code = Code de vérification
certificate-verify = Pour vérifier l’authenticité de cette attestation, adressez-vous à ceux qui l’ont délivrée : ils exécutent { $command } sur leurs registres.
certificate-illustrative = Fiche d’exemple : cette personne est fictive et sert à montrer le fonctionnement des registres. Ce n’est pas une véritable attestation.

## Événements qu’une dimension de période ne peut placer.
note-unplaced-heading = Hors période
note-unplaced = { $count ->
    [one] { $events } a une date trop imprécise pour le placer
   *[other] { $events } ont des dates trop imprécises pour les placer
} dans un { $period } (une date réduite à l’année n’a ni trimestre ni mois) ; compté sous « (non renseigné) ».

## report indicators : colonnes, titres et explication pour une personne.
column-indicator = Indicateur
column-period = Période
column-breakdown = Ventilation
column-value = Valeur
column-actual = Réalisé
column-target = Cible
column-share = Part
column-to_date = Cumul
column-rolling = Glissant
column-continuity = Nouveau ou continu
indicators-all = tout
continuity-new = nouveau
continuity-continuing = continu
note-indicators = Indicateurs
indicator-headline = { $id } ({ $framework }), { $when } : { $progress }
indicator-progress = { $actual } sur { $target }, { $share }
indicator-no-target-cell = –
indicator-no-target = { $actual }, sans cible fixée
indicator-in-period = { $period }
indicator-all-periods = toutes les périodes
note-explanation = Comment chaque règle s’applique à { $participant }
explain-counted = { $indicator } : compté en { $period }, à { $event }
explain-counted-organisation = { $indicator } : son organisation a été comptée en { $period }, à { $event }, par la présence d’un collègue
explain-counted-unplaced = { $indicator } : compté à { $event }, dont les dates ne le placent dans aucune période
explain-not-counted = { $indicator } : non compté
explain-no-records = aucune présence parmi les événements retenus
explain-outside = { $event } : hors des périodes de l’indicateur
explain-status = { $event } : statut { $status }, qui ne compte pas
explain-days = { $event } : présent { $days-shown } { $days ->
    [one] jour
   *[other] jours
}, et la règle en demande { $required-shown }
explain-minutes = { $event } : connecté { $minutes-shown } minutes, et la règle en demande { $required-shown }
explain-no-post-test = { $event } : pas de note au test final, et l’indicateur demande la maîtrise
explain-below-mastery = { $event } : test final { $share }, sous le seuil de maîtrise de { $mastery }
explain-hours-unrecorded = { $event } : aucune heure enregistrée (ni minutes de connexion, ni jours à un événement qui donne ses heures par jour), et l’indicateur demande des heures
explain-hours-short = { $event } : { $hours } heures jusqu’ici, sur les { $needed } demandées
explain-no-organization = { $event } : aucune organisation enregistrée, donc aucune organisation à compter
explain-counted-here = { $event } : compté ici
explain-by-status = { $event } : compté ici par le statut `attended`, car { $reason }
explain-already = { $event } : règle remplie, mais déjà compté dans cette fenêtre
reason-days-unlisted = aucune présence n’indique les jours auxquels appliquer la règle
reason-minutes-unrecorded = aucune présence n’enregistre de minutes auxquelles appliquer la règle
reason-length-unknown = les dates de l’événement ne donnent pas sa durée en jours
chart-indicators = Indicateurs : réalisé par rapport à la cible
chart-indicators-legend = Les barres montrent le réalisé ; le trait noir est la cible. Une barre plus fine est une valeur d’une ventilation.
note-listing = Comptés
listing-none = { $indicator } : personne n’est compté
listing-withheld = { $indicator } : { $count-shown } { $count ->
    [one] personne comptée n’est pas nommée
   *[other] personnes comptées ne sont pas nommées
} : leur consentement ne le permet pas
