# Las palabras de gsef en español: lo que una persona lee en un informe. Cada mensaje de en.ftl
# está aquí; una prueba lo comprueba. Los argumentos NOMBRE-shown son números ya escritos a la
# manera del idioma; NOMBRE es el número, para elegir el plural.

## Celdas

total = Total
not-recorded = (sin registrar)
labelled = { $label }:
and = y
or = o

## Títulos de columna, por el nombre de la columna en CSV y JSON

column-event = Evento
column-title = Título
column-start = Inicio
column-end = Fin
column-city = Ciudad
column-country = País
column-organizers = Organizadores
column-invited = Invitados
column-registered = Inscritos
column-attended = Asistentes
column-no_show = Ausentes
column-cancelled = Cancelados
column-attendance_rate = Tasa de asistencia
column-objectives = Objetivos
column-participants = Participantes
column-attendances = Asistencias
column-person_days = Días-persona
column-trained = Capacitados
column-total = Total
column-events_attended = Eventos con asistencia
column-returning = Recurrentes
column-first_time = Por primera vez
column-new = Nuevos
column-lapsed = No volvieron
column-so_far = Hasta ahora
column-sector = Sector
column-region = Región
column-world_region = Región del mundo
column-subregion = Subregión
column-organization = Organización
column-gender = Género
column-role = Función
column-status = Estado
column-series = Serie
column-event_country = País del evento
column-year = Año
column-quarter = Trimestre
column-month = Mes
column-fiscal_year = Año fiscal
column-number = N.º
column-objective = Objetivo
column-responses = Respuestas
column-mean = Calificación media
column-top_two_share = Dos niveles más altos
column-rated_0 = Calificación 0
column-rated_1 = Calificación 1
column-rated_2 = Calificación 2
column-rated_3 = Calificación 3
column-rated_4 = Calificación 4
column-rated_5 = Calificación 5
column-rated_6 = Calificación 6
column-rated_7 = Calificación 7
column-rated_8 = Calificación 8
column-rated_9 = Calificación 9
column-rated_10 = Calificación 10

## Listas y registros (`list`, `show`): encabezados de columna y campos

header-id = ID
header-title = Título
header-organizer = Organizador
header-organizers = Organizadores
header-attendance = Asistencia
record-illustrative = sí: un registro inventado, no una persona real
record-forgotten = sí: se borraron los datos personales
header-category = Categoría
header-completion = Conclusión
header-hours-per-day = Horas por día
header-dates = Fechas
header-place = Lugar
header-series = Serie
header-objectives = Objetivos
header-objective = Objetivo
header-number = N.º
header-partners = Aliados
header-invited = Invitados
header-links = Enlaces
header-name = Nombre
header-organization = Organización
header-sector = Sector
header-country = País
header-region = Región
header-email = Correo electrónico
header-gender = Género
header-birth-year = Año de nacimiento
header-illustrative = Ilustrativo
header-consent = Consentimiento
header-forgotten = Olvidado
header-merged = Fusionado
header-event = Evento
header-participant = Participante
header-status = Estado
header-role = Función
header-days = Días
header-label = Etiqueta
header-likely-the-same-as = Probablemente igual a
header-why = Motivo

## Estados y funciones, como valores de un informe

status-registered = Inscrito
status-attended = Asistió
status-no-show = No se presentó
status-cancelled = Canceló
role-participant = Participante
role-speaker = Ponente
role-organizer = Organizador
role-facilitator = Facilitador

## El resumen para financiadores

summary-kicker = Resumen de asistencia
summary-part-of = Parte de { $series }
summary-note = Nota
summary-events = { $count ->
    [one] El evento
   *[other] Los eventos
}
summary-dates = Fechas
summary-place = Lugar
summary-organisers = Organizadores
summary-partners = Aliados
summary-objectives = Objetivos
summary-invited = Invitados y asistentes
summary-who-came = Quiénes asistieron
summary-by-sector = Participantes por sector
summary-by-region = Participantes por región
summary-sector-caption = Participantes por sector, como en la tabla anterior.
summary-returning = Participantes recurrentes
summary-returning-explained = Recurrentes: asistieron a un evento anterior de la serie. Por primera vez: no habían asistido.
summary-counted = Los participantes son personas distintas que asistieron; los sectores se muestran en su nivel superior.
summary-suppressed = Los recuentos de 1 a { $below-shown } se muestran como <{ $k-shown }, y x oculta un recuento que permitiría deducir alguno de ellos.
summary-made-with = Elaborado con gsef a partir de los registros.
-illustrative-why = son datos de ejemplo, para mostrar cómo funcionan los registros. Estas cifras no describen una asistencia real.
illustrative-everyone = { $all ->
    [1] La única persona de estos registros es ilustrativa: { -illustrative-why }
   *[other] Las { $all-shown } personas de estos registros son ilustrativas: { -illustrative-why }
}
illustrative-some = { $made-up ->
    [one] { $made-up-shown } de las { $all-shown } personas de estos registros es ilustrativa: { -illustrative-why }
   *[other] { $made-up-shown } de las { $all-shown } personas de estos registros son ilustrativas: { -illustrative-why }
}

## Lo que acompaña a la tabla de un informe

note-rules = Criterios de conclusión
note-rules-none = no hay eventos en el alcance
note-rule-nobody = nadie asistió
note-rule-counts = { $completed-shown } de { $count-shown } asistentes lo concluyeron
note-provenance = Procedencia
note-made-by = Generado por gsef { $version } el { $time }
note-command = Comando: { $command }
note-store = Huella de los registros: { $hash }

## Criterios de conclusión, bajo `report trained`

rule-none = sin criterio de conclusión: cuenta el estado `attended`
rule-of-event = el criterio del evento `{ $rule }`
rule-of-series = el criterio de la serie `{ $rule }`
rule-minutes-unrecorded = { $rule }, pero ninguna asistencia registra minutos: cuenta el estado `attended`
rule-minutes = { $rule }: conectado al menos { $count-shown } minutos
rule-days-unlisted = { $rule }, pero ninguna asistencia indica días: cuenta el estado `attended`
rule-length-unknown = { $rule }, pero las fechas del evento no dan su duración en días: cuenta el estado `attended`
rule-days = { $rule }: presente al menos { $count ->
    [one] { $count-shown } día
   *[other] { $count-shown } días
}
rule-days-of = { $rule }: presente al menos { $count ->
    [one] { $count-shown } día
   *[other] { $count-shown } días
} de { $length-shown }
rule-too-short = ; el evento dura menos de lo que pide el criterio, así que nadie lo concluye

## Los filtros de un informe en palabras, cláusulas separadas por punto y coma

filters-none = Todos los registros
filter-every-status = todos los estados, cada uno contado por separado
filter-people-who = personas que { $list }
filter-who-registered = se inscribieron
filter-who-attended = asistieron
filter-who-no-show = no se presentaron
filter-who-cancelled = cancelaron
filter-depth = { $depth ->
    [1] sectores en su nivel superior
   *[other] sectores hasta el nivel { $depth-shown }
}
filter-events = { $count ->
    [one] evento { $list }
   *[other] eventos { $list }
}
filter-series = serie { $list }
filter-from = desde { $list }
filter-to = hasta { $list }
filter-sector = sector { $list }
filter-country = participantes de { $list }
filter-per-series = cada persona contada una vez por serie
filter-per-topic = cada persona contada una vez por tema
filter-across = { $dimension } en columnas
filter-per-event = por evento

## Gráficos

bars-by = { $measure } por { $list }
bars-total = { $count-shown } en total
chart-participants = Participantes
chart-participants-by = Participantes por { $list }
chart-in-total = { $count ->
    [one] { $count-shown } participante en total.
   *[other] { $count-shown } participantes en total.
}
chart-nothing = Ninguna asistencia coincide con estos filtros.

## Libros de Excel

about-sheet = Información
about-report = Informe
about-filters = Filtros
about-definitions = Definiciones
about-summary = Resumen
about-part-of = Parte de
about-note = Nota
about-objective = Objetivo { $number }
about-participants = personas distintas: una persona cuenta una vez en una fila y una vez en un total, sin importar a cuántos eventos haya asistido
about-attendances = registros de asistencia: una persona en dos eventos cuenta dos veces
about-not-recorded = un valor que los registros no contienen forma su propio grupo
about-rates-term = tasas
about-rates = números entre 0 y 1, mostrados como porcentaje
about-small = un recuento de 1 a { $below-shown } oculto por --min-count { $k-shown }, escrito como texto
about-withheld = un recuento retenido para que ningún recuento oculto pueda deducirse de los totales, escrito como texto

## report outcomes
note-knowledge = Conocimientos (puntuaciones como proporción del máximo de la prueba)
note-knowledge-paired = { $paired } hicieron la prueba inicial y la final
note-knowledge-means = Puntuación media antes: { $before }; después: { $after }; mejora: { $gain }
note-knowledge-shares = Mejoraron: { $share }; alcanzaron { $mastery } o más después: { $rate }
note-knowledge-unpaired = Solo la prueba inicial: { $pre-only }; solo la final: { $post-only }
note-knowledge-none = no hay puntuaciones iniciales y finales que emparejar
note-overall = El evento en conjunto
note-overall-rated = Calificación media { $mean }; { $share } en los dos niveles más altos ({ $responses } respuestas)
note-overall-none = nadie calificó el evento en conjunto
note-response-rate = Tasa de respuesta
note-response-rate-line = { $instrument }: { $responses } respuestas, { $attended } asistentes ({ $rate })
note-response-rate-none = ninguna respuesta
note-comments = Comentarios
note-comments-none = ningún comentario que pueda mostrarse
instrument-pre = prueba inicial
instrument-post = prueba final
instrument-feedback = formulario de evaluación
note-knowledge-group = { $label }: { $paired } con ambas pruebas; antes { $before }, después { $after }, mejora { $gain }

## report summary: ¿cumplió sus objetivos?
summary-outcomes = ¿Cumplió sus objetivos?
summary-objective-rated = calificación media de { $mean } sobre { $count-shown }; { $share } le dio una de las dos notas más altas ({ $responses } respuestas)
summary-objective-hidden = { $responses } respuestas; la calificación se omite porque muy pocas personas dieron algunas de las notas
summary-objective-unrated = nadie lo calificó
summary-knowledge = De las { $paired } personas que hicieron la prueba antes y después, la puntuación media pasó de { $before } a { $after } del total; { $share } mejoró, y { $rate } obtuvo { $mastery } o más después.
summary-answered-one = { $instrument }, { $responses } de { $attended } asistentes ({ $rate })
summary-answered = Quién respondió: { $list }.

## La hoja de registro (gsef sheet).
sheet-title = Hoja de registro
sheet-number = N.º
sheet-code = Código de hoja
sheet-name = Nombre
sheet-organization = Organización
sheet-sector = Sector
sheet-country = País
sheet-email = Correo electrónico
sheet-sign = firma o ✓
sheet-checked-in = Registro de entrada
sheet-consent = Consentimiento
sheet-consent-box = Acepto
sheet-consent-wording = Acepto que mi nombre y mi organización se conserven en los registros de este evento y que se me cuente en sus informes, sin figurar nunca por mi nombre.
sheet-walk-ins = ¿No está en la lista? Escriba su nombre, organización, sector, país y correo electrónico en una fila vacía.
sheet-privacy = Esta hoja contiene datos personales. Solo se usa para registrar la asistencia a este evento, la conservan los organizadores y no se comparte; por favor, no la fotografíe.
sheet-page = Página { $page } de { $pages }

## gsef certificate: una página por persona
certificate-title-attended = Constancia de asistencia
certificate-title-completed = Constancia de conclusión
certificate-certifies = Se hace constar que
certificate-attended = asistió al evento
certificate-completed = concluyó el evento
certificate-days = con asistencia a { $present-shown } de sus { $days-shown } { $days ->
    [one] día
   *[other] días
}; para concluirlo se requieren { $required-shown }
certificate-days-of-rule = con asistencia a { $present-shown } { $present ->
    [one] día
   *[other] días
}; para concluirlo se requieren { $required-shown }
certificate-minutes = con { $minutes-shown } minutos de participación; para concluirlo se requieren { $required-shown }
certificate-dates = Fechas
certificate-place = Lugar
certificate-organizers = Organizado por
certificate-objectives = Objetivos del evento
certificate-issued = Expedida el { $date }
certificate-code = Código de verificación
certificate-verify = Para confirmar que esta constancia es auténtica, consulte a quienes la expidieron: ejecutan { $command } en sus registros.
certificate-illustrative = Registro ilustrativo: esta persona es inventada, para mostrar cómo funcionan los registros. No es una constancia real.

## Eventos que una dimensión de periodo no puede ubicar.
note-unplaced-heading = Sin periodo
note-unplaced = { $count ->
    [one] { $events } tiene una fecha demasiado imprecisa para situarlo
   *[other] { $events } tienen fechas demasiado imprecisas para situarlos
} en un { $period } (una fecha con solo el año no tiene trimestre ni mes), y se cuenta en «(sin registrar)».

## report indicators: columnas, titulares y la explicación de una persona.
column-indicator = Indicador
column-period = Periodo
column-breakdown = Desglose
column-value = Valor
column-actual = Logrado
column-target = Meta
column-share = Porcentaje
column-to_date = Acumulado
column-rolling = Móvil
column-continuity = Nuevo o continuo
indicators-all = todo
continuity-new = nuevo
continuity-continuing = continuo
note-indicators = Indicadores
indicator-headline = { $id } ({ $framework }), { $when }: { $progress }
indicator-progress = { $actual } de { $target }, { $share }
indicator-no-target-cell = –
indicator-no-target = { $actual }, sin meta fijada
indicator-in-period = { $period }
indicator-all-periods = todos los periodos
note-explanation = Cómo se aplica cada regla a { $participant }
explain-counted = { $indicator }: contado en { $period }, en { $event }
explain-counted-organisation = { $indicator }: su organización se contó en { $period }, en { $event }, por el registro de un colega
explain-counted-unplaced = { $indicator }: contado en { $event }, cuyas fechas no lo sitúan en ningún periodo
explain-not-counted = { $indicator }: no contado
explain-no-records = ningún registro de asistencia en los eventos seleccionados
explain-outside = { $event }: fuera de los periodos del indicador
explain-status = { $event }: estado { $status }, que no cuenta
explain-days = { $event }: presente { $days-shown } { $days ->
    [one] día
   *[other] días
}, y la regla pide { $required-shown }
explain-minutes = { $event }: conectado { $minutes-shown } minutos, y la regla pide { $required-shown }
explain-no-post-test = { $event }: sin puntuación en la prueba final, y el indicador pide dominio
explain-below-mastery = { $event }: prueba final { $share }, por debajo del dominio de { $mastery }
explain-hours-unrecorded = { $event }: sin horas registradas (ni minutos de conexión ni días en un evento con sus horas por día), y el indicador pide horas
explain-hours-short = { $event }: { $hours } horas hasta ahora, de las { $needed } pedidas
explain-no-organization = { $event }: sin organización registrada, así que no hay organización que contar
explain-counted-here = { $event }: contado aquí
explain-by-status = { $event }: contado aquí por el estado `attended`, ya que { $reason }
explain-already = { $event }: cumplió la regla, pero ya estaba contado en este periodo de conteo
reason-days-unlisted = ninguna asistencia indica los días a los que aplicar la regla
reason-minutes-unrecorded = ninguna asistencia registra minutos a los que aplicar la regla
reason-length-unknown = las fechas del evento no dan su duración en días
chart-indicators = Indicadores: logrado frente a la meta
chart-indicators-legend = Las barras muestran lo logrado; la marca negra es la meta. Una barra más fina es un valor de un desglose.
note-listing = Contados
listing-none = { $indicator }: nadie contado
listing-withheld = { $indicator }: { $count-shown } { $count ->
    [one] persona contada no se nombra
   *[other] personas contadas no se nombran
}: su consentimiento no lo permite
