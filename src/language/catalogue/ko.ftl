# gsef의 한국어 표현: 보고서에서 사람이 읽는 모든 글. en.ftl의 모든 메시지가 여기에도 있으며,
# 테스트가 이를 확인합니다. 이름-shown 인수는 이미 한국어 방식으로 쓴 숫자이고, 이름 인수는
# 복수형을 고르는 데 쓰는 숫자입니다(한국어에는 복수형 구분이 없습니다).

## 셀

total = 합계
not-recorded = (기록 없음)
labelled = { $label }:
and = 및
or = 또는

## 열 제목(CSV와 JSON의 열 이름별)

column-event = 행사
column-title = 제목
column-start = 시작
column-end = 종료
column-city = 도시
column-country = 국가
column-organizers = 주최
column-invited = 초대
column-registered = 등록
column-attended = 참석
column-no_show = 불참
column-cancelled = 취소
column-attendance_rate = 참석률
column-objectives = 목표
column-participants = 참가자
column-attendances = 참석 건수
column-person_days = 연인원(일)
column-trained = 교육 이수자
column-total = 합계
column-events_attended = 참석한 행사 수
column-returning = 재참가
column-first_time = 첫 참가
column-new = 신규
column-lapsed = 이탈
column-so_far = 누적
column-sector = 부문
column-region = 지역
column-world_region = 세계 지역
column-subregion = 하위 지역
column-organization = 소속 기관
column-gender = 성별
column-role = 역할
column-status = 상태
column-series = 시리즈
column-event_country = 행사 국가
column-year = 연도
column-quarter = 분기
column-month = 월
column-fiscal_year = 회계연도
column-number = 번호
column-objective = 목표
column-responses = 응답 수
column-mean = 평균 평점
column-top_two_share = 상위 두 단계
column-rated_0 = 0점
column-rated_1 = 1점
column-rated_2 = 2점
column-rated_3 = 3점
column-rated_4 = 4점
column-rated_5 = 5점
column-rated_6 = 6점
column-rated_7 = 7점
column-rated_8 = 8점
column-rated_9 = 9점
column-rated_10 = 10점

## 목록과 기록(`list`, `show`): 열 제목과 항목

header-id = ID
header-title = 제목
header-organizer = 주최
header-organizers = 주최
header-attendance = 참석 현황
record-illustrative = 예: 실제 사람이 아닌 가상의 기록
record-forgotten = 예: 개인 정보 삭제됨
header-category = 분류
header-completion = 이수 기준
header-hours-per-day = 하루 교육 시간
header-dates = 일자
header-place = 장소
header-series = 시리즈
header-objectives = 목표
header-objective = 목표
header-number = 번호
header-partners = 협력 기관
header-invited = 초대
header-links = 링크
header-name = 이름
header-organization = 소속 기관
header-sector = 부문
header-country = 국가
header-region = 지역
header-email = 이메일
header-gender = 성별
header-birth-year = 출생 연도
header-illustrative = 예시용
header-consent = 동의
header-forgotten = 삭제됨
header-merged = 병합됨
header-event = 행사
header-participant = 참가자
header-status = 상태
header-role = 역할
header-days = 일수
header-label = 명칭
header-likely-the-same-as = 동일인 추정
header-why = 근거

## 보고서 값으로서의 상태와 역할

status-registered = 등록
status-attended = 참석
status-no-show = 불참
status-cancelled = 취소
role-participant = 참가자
role-speaker = 발표자
role-organizer = 주최자
role-facilitator = 진행자

## 후원 기관을 위한 요약

summary-kicker = 참석 요약
summary-part-of = { $series }의 일환
summary-note = 참고
summary-events = 행사
summary-dates = 일자
summary-place = 장소
summary-organisers = 주최
summary-partners = 협력 기관
summary-objectives = 목표
summary-invited = 초대 및 참석
summary-who-came = 참석자 구성
summary-by-sector = 부문별 참가자
summary-by-region = 지역별 참가자
summary-sector-caption = 부문별 참가자(위 표와 같음).
summary-returning = 재참가자
summary-returning-explained = 재참가: 시리즈의 이전 행사에 참석한 적이 있는 사람. 첫 참가: 그런 적이 없는 사람.
summary-counted = 참가자는 참석한 사람을 한 번씩만 센 수이며, 부문은 최상위 수준으로 표시합니다.
summary-suppressed = 1에서 { $below-shown }까지의 수는 <{ $k-shown }(으)로 표시하며, x는 그런 수를 역산할 수 있게 하는 수를 가립니다.
summary-made-with = 기록을 바탕으로 gsef로 작성했습니다.
-illustrative-why = 기록이 어떻게 작동하는지 보여 주기 위해 만든 예시 데이터로, 이 수치는 실제 참석을 나타내지 않습니다.
illustrative-everyone = { $all ->
    [1] 이 기록의 유일한 사람은 예시용입니다. { -illustrative-why }
   *[other] 이 기록의 { $all-shown }명은 모두 예시용입니다. { -illustrative-why }
}
illustrative-some = 이 기록의 { $all-shown }명 중 { $made-up-shown }명은 예시용입니다. { -illustrative-why }

## 보고서 표 아래에 붙는 내용

note-rules = 이수 기준
note-rules-none = 범위에 해당하는 행사 없음
note-rule-nobody = 참석자 없음
note-rule-counts = 참석자 { $count-shown }명 중 { $completed-shown }명 이수
note-provenance = 출처
note-made-by = gsef { $version }(으)로 { $time }에 작성
note-command = 명령: { $command }
note-store = 기록 해시: { $hash }

## `report trained` 아래의 이수 기준

rule-none = 이수 기준 없음: 상태 `attended`로 집계
rule-of-event = 행사 기준 `{ $rule }`
rule-of-series = 시리즈 기준 `{ $rule }`
rule-minutes-unrecorded = { $rule }(이)지만 참석 기록에 접속 시간(분)이 없음: 상태 `attended`로 집계
rule-minutes = { $rule }: { $count-shown }분 이상 접속
rule-days-unlisted = { $rule }(이)지만 참석 기록에 일자가 없음: 상태 `attended`로 집계
rule-length-unknown = { $rule }(이)지만 행사 일자로 기간(일수)을 알 수 없음: 상태 `attended`로 집계
rule-days = { $rule }: { $count-shown }일 이상 참석
rule-days-of = { $rule }: { $length-shown }일 중 { $count-shown }일 이상 참석
rule-too-short = ; 행사 기간이 기준보다 짧아 아무도 이수할 수 없음

## 보고서 필터를 말로 풀어 쓴 것(구절은 세미콜론으로 구분)

filters-none = 모든 기록
filter-every-status = 모든 상태(상태별로 따로 집계)
filter-people-who = 상태가 { $list }인 사람
filter-who-registered = 등록
filter-who-attended = 참석
filter-who-no-show = 불참
filter-who-cancelled = 취소
filter-depth = { $depth ->
    [1] 최상위 수준의 부문
   *[other] { $depth-shown }수준까지의 부문
}
filter-events = 행사 { $list }
filter-series = 시리즈 { $list }
filter-from = { $list }부터
filter-to = { $list }까지
filter-sector = 부문 { $list }
filter-country = { $list } 출신 참가자
filter-per-series = 한 사람을 시리즈마다 한 번씩 집계
filter-per-topic = 한 사람을 주제마다 한 번씩 집계
filter-across = 열: { $dimension }
filter-per-event = 행사별

## 차트

bars-by = { $list }별 { $measure }
bars-total = 총 { $count-shown }
chart-participants = 참가자
chart-participants-by = { $list }별 참가자
chart-in-total = 참가자 총 { $count-shown }명.
chart-nothing = 이 필터에 맞는 참석 기록이 없습니다.

## 엑셀 통합 문서

about-sheet = 정보
about-report = 보고서
about-filters = 필터
about-definitions = 정의
about-summary = 요약
about-part-of = 소속 시리즈
about-note = 참고
about-objective = 목표 { $number }
about-participants = 서로 다른 사람의 수: 한 사람은 몇 개의 행사에 참석했든 한 행에서 한 번, 합계에서 한 번 집계됩니다
about-attendances = 참석 기록의 수: 두 행사에 참석한 한 사람은 두 번 집계됩니다
about-not-recorded = 기록에 없는 값은 따로 하나의 그룹이 됩니다
about-rates-term = 비율
about-rates = 0과 1 사이의 수로, 백분율로 표시합니다
about-small = --min-count { $k-shown }(으)로 가린 1에서 { $below-shown }까지의 수(텍스트로 기록)
about-withheld = 합계로 가린 수를 역산할 수 없도록 보류한 수(텍스트로 기록)

## report outcomes
note-knowledge = 지식 (시험 만점 대비 점수 비율)
note-knowledge-paired = 사전·사후 시험을 모두 본 사람: { $paired }
note-knowledge-means = 평균 점수 사전: { $before }, 사후: { $after }, 향상: { $gain }
note-knowledge-shares = 향상된 비율: { $share }, 사후 { $mastery } 이상 도달 비율: { $rate }
note-knowledge-unpaired = 사전 시험만: { $pre-only }, 사후 시험만: { $post-only }
note-knowledge-none = 짝지을 사전·사후 시험 점수 없음
note-overall = 행사 전체
note-overall-rated = 평균 평점 { $mean }, 상위 두 단계 { $share } (응답 { $responses })
note-overall-none = 행사 전체를 평가한 사람 없음
note-response-rate = 응답률
note-response-rate-line = { $instrument }: 응답 { $responses }, 참석 { $attended } ({ $rate })
note-response-rate-none = 응답 없음
note-comments = 의견
note-comments-none = 보여 줄 수 있는 의견 없음
instrument-pre = 사전 시험
instrument-post = 사후 시험
instrument-feedback = 만족도 조사
note-knowledge-group = { $label }: 사전·사후 모두 { $paired }, 사전 { $before }, 사후 { $after }, 향상 { $gain }

## report summary: 목표를 달성했는가?
summary-outcomes = 목표를 달성했는가?
summary-objective-rated = 평균 평점 { $count-shown }점 만점에 { $mean }점, 상위 두 단계를 준 비율 { $share } (응답 { $responses })
summary-objective-hidden = 응답 { $responses }, 일부 점수를 준 사람이 너무 적어 평점은 생략
summary-objective-unrated = 평가한 사람 없음
summary-knowledge = 사전·사후 시험을 모두 본 { $paired }명의 평균 점수는 만점 대비 { $before }에서 { $after }(으)로 바뀌었으며, { $share }가 향상되었고 { $rate }가 사후에 { $mastery } 이상을 받았습니다.
summary-answered-one = { $instrument }: 참석자 { $attended } 중 { $responses } ({ $rate })
summary-answered = 응답: { $list }.

## 출석부 (gsef sheet).
sheet-title = 출석부
sheet-number = 번호
sheet-code = 시트 코드
sheet-name = 이름
sheet-organization = 소속
sheet-sector = 부문
sheet-country = 국가
sheet-email = 이메일
sheet-sign = 서명 또는 ✓
sheet-checked-in = 출석
sheet-consent = 동의
sheet-consent-box = 동의함
sheet-consent-wording = 본인의 이름과 소속이 이 행사의 기록에 보관되고 보고서의 집계에 포함되는 것에 동의합니다. 이름이 공개되지는 않습니다.
sheet-walk-ins = 명단에 없으신가요? 빈 줄에 이름, 소속, 부문, 국가, 이메일을 적어 주세요.
sheet-privacy = 이 출석부에는 개인정보가 담겨 있습니다. 이 행사의 출석 기록에만 쓰이며 주최 측이 보관하고 다른 곳에 제공하지 않습니다. 사진 촬영을 삼가 주세요.
sheet-page = { $pages }쪽 중 { $page }쪽

## gsef certificate: 한 사람에 한 쪽
certificate-title-attended = 참석 확인서
certificate-title-completed = 수료증
certificate-certifies = 아래 사람은
certificate-attended = 다음 행사에 참석하였음을 확인합니다
certificate-completed = 다음 행사를 수료하였음을 확인합니다
certificate-days = 전체 { $days-shown }일 중 { $present-shown }일 참석 (수료 기준 { $required-shown }일)
certificate-days-of-rule = { $present-shown }일 참석 (수료 기준 { $required-shown }일)
certificate-minutes = { $minutes-shown }분 참여 (수료 기준 { $required-shown }분)
certificate-dates = 일정
certificate-place = 장소
certificate-organizers = 주최
certificate-objectives = 행사 목표
certificate-issued = 발급일: { $date }
certificate-code = 확인 코드
certificate-verify = 이 증서가 진본인지 확인하려면 발급한 곳에 문의하십시오. 발급 기관은 기록에서 { $command } 명령을 실행합니다.
certificate-illustrative = 예시 기록: 기록이 어떻게 작동하는지 보여 주기 위해 만든 가상의 인물입니다. 실제 확인서가 아닙니다.

## 기간 차원에 넣을 수 없는 행사.
note-unplaced-heading = 기간 없음
note-unplaced = { $events }은(는) 날짜가 정확하지 않아 { $period }을(를) 정할 수 없으며(연도만 있는 날짜에는 분기나 월이 없음), "(기록 없음)"으로 집계됩니다.

## report indicators: 열, 요약, 한 사람에 대한 설명.
column-indicator = 지표
column-period = 기간
column-breakdown = 세부 구분
column-value = 값
column-actual = 실적
column-target = 목표
column-share = 달성률
column-to_date = 누계
column-rolling = 이동 구간
column-continuity = 신규 또는 지속
indicators-all = 전체
continuity-new = 신규
continuity-continuing = 지속
note-indicators = 지표
indicator-headline = { $id }({ $framework }), { $when }: { $progress }
indicator-progress = { $target } 중 { $actual }, { $share }
indicator-no-target-cell = –
indicator-no-target = { $actual }, 목표 없음
indicator-in-period = { $period }
indicator-all-periods = 전체 기간
note-explanation = { $participant }에게 각 규칙이 적용되는 방식
explain-counted = { $indicator }: { $period }에 { $event }에서 집계됨
explain-counted-organisation = { $indicator }: 소속 기관이 동료의 기록으로 { $period }에 { $event }에서 집계됨
explain-counted-unplaced = { $indicator }: { $event }에서 집계됨(날짜로 기간을 정할 수 없는 행사)
explain-not-counted = { $indicator }: 집계되지 않음
explain-no-records = 선택한 행사 중 출석 기록 없음
explain-outside = { $event }: 지표 기간 밖
explain-status = { $event }: 상태 { $status }, 집계 대상 아님
explain-days = { $event }: { $days-shown }일 출석, 규칙은 { $required-shown }일을 요구함
explain-minutes = { $event }: { $minutes-shown }분 접속, 규칙은 { $required-shown }분을 요구함
explain-no-post-test = { $event }: 사후 평가 점수 없음, 지표는 숙달을 요구함
explain-below-mastery = { $event }: 사후 평가 { $share }, 숙달 기준 { $mastery } 미만
explain-hours-unrecorded = { $event }: 기록된 시간 없음(접속 분도, 하루 교육 시간이 있는 행사의 출석 일자도 없음), 지표는 시간을 요구함
explain-hours-short = { $event }: 지금까지 { $hours }시간, 요구 { $needed }시간
explain-no-organization = { $event }: 소속 기관이 기록되지 않아 집계할 기관 없음
explain-counted-here = { $event }: 여기서 집계됨
explain-by-status = { $event }: 상태 `attended`로 여기서 집계됨. 이유: { $reason }
explain-already = { $event }: 규칙은 충족했으나 이 집계 단위에서 이미 집계됨
reason-days-unlisted = 규칙을 적용할 출석 일자가 기록되지 않음
reason-minutes-unrecorded = 규칙을 적용할 접속 분이 기록되지 않음
reason-length-unknown = 행사 날짜로 일수를 알 수 없음
chart-indicators = 지표: 목표 대비 실적
chart-indicators-legend = 막대는 실적, 검은 표시는 목표입니다. 가는 막대는 세부 구분 값입니다.
note-listing = 집계 대상
listing-none = { $indicator }: 집계된 대상 없음
listing-withheld = { $indicator }: 집계된 { $count-shown }명은 동의하지 않아 이름을 밝히지 않음
