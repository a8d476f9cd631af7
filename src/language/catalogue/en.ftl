# gsef's words in English: what a person reads in a report (tables, Markdown, HTML, SVG,
# charts and workbooks). Every message here is in es.ftl, fr.ftl and ko.ftl too, which a test
# checks. Arguments named NAME-shown are numbers already written in the language's digits;
# NAME itself is the number, for choosing a plural form.

## Cells

total = Total
not-recorded = (not recorded)
labelled = { $label }:
and = and
or = or

## Column titles, by the column's name in CSV and JSON

column-event = Event
column-title = Title
column-start = Start
column-end = End
column-city = City
column-country = Country
column-organizers = Organizers
column-invited = Invited
column-registered = Registered
column-attended = Attended
column-no_show = No-shows
column-cancelled = Cancelled
column-attendance_rate = Attendance rate
column-objectives = Objectives
column-participants = Participants
column-attendances = Attendances
column-person_days = Person-days
column-trained = Trained
column-total = Total
column-events_attended = Events attended
column-returning = Returning
column-first_time = First time
column-new = New
column-lapsed = Lapsed
column-so_far = So far
column-sector = Sector
column-region = Region
column-world_region = World region
column-subregion = Subregion
column-organization = Organization
column-gender = Gender
column-role = Role
column-status = Status
column-series = Series
column-event_country = Event country
column-year = Year
column-quarter = Quarter
column-month = Month
column-fiscal_year = Fiscal year
column-number = No.
column-objective = Objective
column-responses = Responses
column-mean = Mean rating
column-top_two_share = Top two
column-rated_0 = Rated 0
column-rated_1 = Rated 1
column-rated_2 = Rated 2
column-rated_3 = Rated 3
column-rated_4 = Rated 4
column-rated_5 = Rated 5
column-rated_6 = Rated 6
column-rated_7 = Rated 7
column-rated_8 = Rated 8
column-rated_9 = Rated 9
column-rated_10 = Rated 10

## Lists and records (`list`, `show`): column headers and fields

header-id = ID
header-title = Title
header-organizer = Organizer
header-organizers = Organizers
header-attendance = Attendance
record-illustrative = yes: a made-up record, not a real person
record-forgotten = yes: personal fields removed
header-category = Category
header-completion = Completion
header-hours-per-day = Hours per day
header-dates = Dates
header-place = Place
header-series = Series
header-objectives = Objectives
header-objective = Objective
header-number = #
header-partners = Partners
header-invited = Invited
header-links = Links
header-name = Name
header-organization = Organization
header-sector = Sector
header-country = Country
header-region = Region
header-email = Email
header-gender = Gender
header-birth-year = Birth year
header-illustrative = Illustrative
header-consent = Consent
header-forgotten = Forgotten
header-merged = Merged
header-event = Event
header-participant = Participant
header-status = Status
header-role = Role
header-days = Days
header-label = Label
header-likely-the-same-as = Likely the same as
header-why = Why

## Statuses and roles, as values in a report

status-registered = Registered
status-attended = Attended
status-no-show = No-show
status-cancelled = Cancelled
role-participant = Participant
role-speaker = Speaker
role-organizer = Organizer
role-facilitator = Facilitator

## The summary for funders

summary-kicker = Attendance summary
summary-part-of = Part of { $series }
summary-note = Note
summary-events = { $count ->
    [one] The event
   *[other] The events
}
summary-dates = Dates
summary-place = Place
summary-organisers = Organisers
summary-partners = Partners
summary-objectives = Objectives
summary-invited = Invited and attended
summary-who-came = Who came
summary-by-sector = Participants by sector
summary-by-region = Participants by region
summary-sector-caption = Participants by sector, as in the table above.
summary-returning = Returning participants
summary-returning-explained = Returning: attended an earlier event of the series. First time: had not.
summary-counted = Participants are distinct people who attended; sectors are shown at their top level.
summary-suppressed = Counts from 1 to { $below-shown } are shown as <{ $k-shown }, and x hides a count that would reveal one.
summary-made-with = Made with gsef from the records.
-illustrative-why = made up to show how the records work. These numbers do not describe real attendance.
illustrative-everyone = { $all ->
    [1] The one person in these records is illustrative: { -illustrative-why }
   *[other] All { $all-shown } people in these records are illustrative: { -illustrative-why }
}
illustrative-some = { $made-up ->
    [one] { $made-up-shown } of the { $all-shown } people in these records is illustrative: { -illustrative-why }
   *[other] { $made-up-shown } of the { $all-shown } people in these records are illustrative: { -illustrative-why }
}

## What stands under a report's table

note-rules = Completion rules
note-rules-none = no events in scope
note-rule-nobody = nobody attended
note-rule-counts = { $completed-shown } of { $count-shown } who attended completed it
note-provenance = Provenance
note-made-by = Made by gsef { $version } at { $time }
note-command = Command: { $command }
note-store = Store: { $hash }

## Completion rules, under `report trained`

rule-none = no completion rule: status `attended` counts
rule-of-event = the event's rule `{ $rule }`
rule-of-series = the series' rule `{ $rule }`
rule-minutes-unrecorded = { $rule }, but no attendance records minutes: status `attended` counts
rule-minutes = { $rule }: connected for at least { $count-shown } minutes
rule-days-unlisted = { $rule }, but no attendance lists days: status `attended` counts
rule-length-unknown = { $rule }, but the event's dates do not give its length in days: status `attended` counts
rule-days = { $rule }: present on at least { $count ->
    [one] { $count-shown } day
   *[other] { $count-shown } days
}
rule-days-of = { $rule }: present on at least { $count ->
    [one] { $count-shown } day
   *[other] { $count-shown } days
} of { $length-shown }
rule-too-short = ; the event is shorter than the rule, so nobody completes it

## A report's filters in words, clauses joined by semicolons

filters-none = All records
filter-every-status = every status, each counted apart
filter-people-who = people who { $list }
filter-who-registered = registered
filter-who-attended = attended
filter-who-no-show = did not show
filter-who-cancelled = cancelled
filter-depth = { $depth ->
    [1] sectors at their top level
   *[other] sectors to level { $depth-shown }
}
filter-events = { $count ->
    [one] event { $list }
   *[other] events { $list }
}
filter-series = series { $list }
filter-from = from { $list }
filter-to = to { $list }
filter-sector = sector { $list }
filter-country = participants from { $list }
filter-per-series = each person counted once per series
filter-per-topic = each person counted once per topic
filter-across = across { $dimension }
filter-per-event = per event

## Charts

bars-by = { $measure } by { $list }
bars-total = { $count-shown } in total
chart-participants = Participants
chart-participants-by = Participants by { $list }
chart-in-total = { $count ->
    [one] { $count-shown } participant in total.
   *[other] { $count-shown } participants in total.
}
chart-nothing = No attendance matches these filters.

## Workbooks

about-sheet = About
about-report = Report
about-filters = Filters
about-definitions = Definitions
about-summary = Summary
about-part-of = Part of
about-note = Note
about-objective = Objective { $number }
about-participants = distinct people: a person counts once in a row and once in a total, however many events they attended
about-attendances = attendance records: one person at two events counts twice
about-not-recorded = a value the records do not hold forms its own group
about-rates-term = rates
about-rates = numbers between 0 and 1, shown as a percentage
about-small = a count from 1 to { $below-shown } hidden by --min-count { $k-shown }, written as text
about-withheld = a count withheld so that no hidden count can be worked out from the totals, written as text

## report outcomes
note-knowledge = Knowledge (scores as a share of the test's maximum)
note-knowledge-paired = { $paired } took both the pre-test and the post-test
note-knowledge-means = Mean score before: { $before }; after: { $after }; gain: { $gain }
note-knowledge-shares = Improved: { $share }; at or above { $mastery } after: { $rate }
note-knowledge-unpaired = Took only the pre-test: { $pre-only }; only the post-test: { $post-only }
note-knowledge-none = no pre-test and post-test scores to pair
note-overall = The event as a whole
note-overall-rated = Mean rating { $mean }; { $share } in the top two points ({ $responses } responses)
note-overall-none = nobody rated the event as a whole
note-response-rate = Response rate
note-response-rate-line = { $instrument }: { $responses } responses, { $attended } attended ({ $rate })
note-response-rate-none = no responses
note-comments = Comments
note-comments-none = no comments that may be shown
instrument-pre = pre-test
instrument-post = post-test
instrument-feedback = feedback form
note-knowledge-group = { $label }: { $paired } paired; before { $before }, after { $after }, gain { $gain }

## report summary: did it meet its objectives?
summary-outcomes = Did it meet its objectives?
summary-objective-rated = rated { $mean } out of { $count-shown } on average; { $share } gave it one of the two highest marks ({ $responses } answers)
summary-objective-hidden = { $responses } answers; the rating is withheld, as too few gave some of the marks
summary-objective-unrated = nobody rated it
summary-knowledge = Of the { $paired } people who took the test both before and after, the average score went from { $before } to { $after } of the full marks; { $share } of them improved, and { $rate } scored { $mastery } or more afterwards.
summary-answered-one = { $instrument }, { $responses } of { $attended } who attended ({ $rate })
summary-answered = Who answered: { $list }.

## The sign-in sheet (gsef sheet).
sheet-title = Sign-in sheet
sheet-number = No.
sheet-code = Sheet code
sheet-name = Name
sheet-organization = Organization
sheet-sector = Sector
sheet-country = Country
sheet-email = Email
sheet-sign = signature or ✓
sheet-checked-in = Checked in
sheet-consent = Consent
sheet-consent-box = I agree
sheet-consent-wording = I agree that my name and organization are kept in this event's records and that I am counted in its reports, never listed by name.
sheet-walk-ins = Not on the list? Write your name, organization, sector, country and email on an empty row.
sheet-privacy = This sheet holds personal data. It is used only to record attendance at this event, is kept by the organisers, and is not shared; please do not photograph it.
sheet-page = Page { $page } of { $pages }

## gsef certificate: one page per person
certificate-title-attended = Certificate of attendance
certificate-title-completed = Certificate of completion
certificate-certifies = This is to certify that
certificate-attended = attended
certificate-completed = completed
certificate-days = attending { $present-shown } of its { $days-shown } { $days ->
    [one] day
   *[other] days
}; completing it takes { $required-shown }
certificate-days-of-rule = attending { $present-shown } { $present ->
    [one] day
   *[other] days
}; completing it takes { $required-shown }
certificate-minutes = taking part for { $minutes-shown } minutes; completing it takes { $required-shown }
certificate-dates = Dates
certificate-place = Place
certificate-organizers = Organised by
certificate-objectives = The event's objectives
certificate-issued = Issued on { $date }
certificate-code = Verification code
certificate-verify = To confirm that this certificate is genuine, ask its issuers: they run { $command } on their records.
certificate-illustrative = Illustrative record: this person is made up, to show how the records work. This is not a real certificate.

## Events a period dimension cannot place.
note-unplaced-heading = Not placed in a period
note-unplaced = { $count ->
    [one] { $events } is
   *[other] { $events } are
} dated too loosely to have a { $period } (a year-only date has no quarter or month), and counted under "(not recorded)".

## report indicators: its columns, its headlines and the account of one person.
column-indicator = Indicator
column-period = Period
column-breakdown = Breakdown
column-value = Value
column-actual = Actual
column-target = Target
column-share = Share
column-to_date = To date
column-rolling = Rolling
column-continuity = New or continuing
indicators-all = all
continuity-new = new
continuity-continuing = continuing
note-indicators = Indicators
indicator-headline = { $id } ({ $framework }), { $when }: { $progress }
indicator-progress = { $actual } of { $target }, { $share }
indicator-no-target-cell = –
indicator-no-target = { $actual }, no target set
indicator-in-period = { $period }
indicator-all-periods = all periods
note-explanation = How each rule applies to { $participant }
explain-counted = { $indicator }: counted in { $period }, at { $event }
explain-counted-organisation = { $indicator }: their organization was counted in { $period }, at { $event }, through a colleague's record
explain-counted-unplaced = { $indicator }: counted at { $event }, whose dates place it in no period
explain-not-counted = { $indicator }: not counted
explain-no-records = no attendance records among the events in scope
explain-outside = { $event }: outside the indicator's periods
explain-status = { $event }: status { $status }, which does not count
explain-days = { $event }: present on { $days-shown } { $days ->
    [one] day
   *[other] days
}, and the rule asks for { $required-shown }
explain-minutes = { $event }: connected for { $minutes-shown } minutes, and the rule asks for { $required-shown }
explain-no-post-test = { $event }: no post-test score, and the indicator asks for mastery
explain-below-mastery = { $event }: post-test { $share }, below the mastery of { $mastery }
explain-hours-unrecorded = { $event }: no hours recorded (no minutes connected, and no days at an event with its hours a day), and the indicator asks for hours
explain-hours-short = { $event }: { $hours } hours so far, of the { $needed } asked
explain-no-organization = { $event }: no organization recorded, so no organisation to count
explain-counted-here = { $event }: counted here
explain-by-status = { $event }: counted here by status `attended`, since { $reason }
explain-already = { $event }: met the rule, but already counted in this window
reason-days-unlisted = no attendance lists days to apply the rule to
reason-minutes-unrecorded = no attendance records minutes to apply the rule to
reason-length-unknown = the event's dates do not give its length in days
chart-indicators = Indicators: actual against target
chart-indicators-legend = Bars show the actual; the black mark is the target. A thinner bar is one breakdown value.
note-listing = Counted
listing-none = { $indicator }: nobody counted
listing-withheld = { $indicator }: { $count-shown } { $count ->
    [one] person counted is
   *[other] people counted are
} not named: their consent does not allow it
