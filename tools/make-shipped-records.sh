#!/usr/bin/env bash
# Rebuilds the shipped records/ from the source text in ../shared/sources/, through gsef itself,
# so the shipped store is exactly what the commands write.
#
#   tools/make-shipped-records.sh            # writes records/ (refuses if it exists)
#
# What is known (gsef-mexico-workshop-2019.txt): the series; Dakar (May 2019), Kampala
# (August 2019) and Seoul (October 2019) trainings, known only by month; the Mexico workshop,
# 27-28 November 2019, organised by INAES and GSEF, category "Knowledge Exchange and Trainings",
# 111 participants invited, its three objectives. Not known, so left empty: the Mexico city, the
# other trainings' days, titles beyond the description, and who took part.
#
# The participant roll is ILLUSTRATIVE: 111 pseudonymous people, each marked `illustrative`,
# spread over the groups the source names (municipal, state and federal government, SSE actors,
# universities, guests from Quebec, CEPES and Castilla-La Mancha). The split between groups and
# the regions are made up; they claim nothing about who really came.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
# Quiet on success; on failure, show what gsef said and stop.
gsef() {
  local said
  said=$(./target/release/gsef --records records "$@" 2>&1) || { printf '%s\n' "$said" >&2; return 1; }
}

[ -e records ] && { echo "records/ exists; move it away first" >&2; exit 1; }
gsef init

gsef series add --id gsef-2019 --title "GSEF Training & Workshop Series 2019" --organizer "Global Social Economy Forum (GSEF)"

training() { # id city country month
  gsef event add --id "$1" --series gsef-2019 --title "GSEF capacity-building training on the Social and Solidarity Economy, $2" \
    --city "$2" --country "$3" --start "$4" --organizer "Global Social Economy Forum (GSEF)"
}
training 2019-05-dakar Dakar SN 2019-05
training 2019-08-kampala Kampala UG 2019-08
training 2019-10-seoul Seoul KR 2019-10

gsef event add --id 2019-11-mexico --series gsef-2019 \
  --title "Capacity Building Workshop on the Social and Solidarity Economy in Mexico" \
  --category "Knowledge Exchange and Trainings" --country MX --start 2019-11-27 --end 2019-11-28 \
  --organizer "National Institute of Social Economy of Mexico (INAES)" --organizer "Global Social Economy Forum (GSEF)" \
  --invited 111 \
  --objective "Raise awareness of the Social and Solidarity Economy sector and its impact on the sustainable development of the territory, and at the same time, understand and raise awareness of the importance of public policies to promote the Social and Solidarity Economy" \
  --objective "Exchange experiences of sustainable economic development based on social economy and community and social entrepreneurship, as well as to provide a space for networking among stakeholders to share practices, knowledge and opportunities for the creation of inter-cooperation alliances between actors at the regional and international levels" \
  --objective "Emphasize the relevance of continuous capacity development, as well as training opportunities in the community"

# The illustrative roll: group size, sector, country, organisation, role, then the regions to cycle through.
states=("Ciudad de México" "Jalisco" "Oaxaca" "Chiapas" "Puebla" "Yucatán" "Nuevo León" "Michoacán" "Estado de México" "Veracruz")
number=0
roll() { # count sector country organization role region...
  local count=$1 sector=$2 country=$3 organization=$4 role=$5; shift 5
  local regions=("$@")
  for ((i = 0; i < count; i++)); do
    number=$((number + 1))
    local id; id=$(printf 'mx-%03d' "$number")
    local args=(participant add --id "$id" --name "Illustrative participant $(printf '%03d' "$number")" --sector "$sector" --country "$country" --illustrative)
    [ -n "$organization" ] && args+=(--organization "$organization")
    # Every seventh Mexican participant has no region recorded, as happens on real sign-in sheets.
    if [ ${#regions[@]} -gt 0 ] && { [ "$country" != MX ] || [ $((number % 7)) -ne 0 ]; }; then
      args+=(--region "${regions[$((i % ${#regions[@]}))]}")
    fi
    gsef "${args[@]}"
    gsef attend 2019-11-mexico "$id" --role "$role"
  done
}
roll 20 government/federal     MX "National Institute of Social Economy of Mexico (INAES)" participant "Ciudad de México"
roll 18 government/state       MX "" participant "${states[@]}"
roll 22 government/municipal   MX "" participant "${states[@]}"
roll 14 sse/cooperative        MX "" participant "${states[@]}"
roll 8  sse/association        MX "" participant "${states[@]}"
roll 6  sse/social-enterprise  MX "" participant "${states[@]}"
roll 4  sse/network            MX "" participant "${states[@]}"
roll 12 academia               MX "" participant "${states[@]}"
roll 2  sse/network            CA "" speaker "Québec"
roll 1  sse/network            ES "Spanish Confederation of Social Economy Enterprises (CEPES)" speaker
roll 2  government/state       ES "" speaker "Castilla-La Mancha"
roll 2  international          KR "Global Social Economy Forum (GSEF)" organizer
[ "$number" -eq 111 ] || { echo "the roll has $number people, expected 111" >&2; exit 1; }
./target/release/gsef --records records check
