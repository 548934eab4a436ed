import sys; sys.path.insert(0, '.scratch')
from catalog import *
new = {
'en': {
 'no-mailbox': 'A member has no mailbox Pairwise can book in (none, or outside the app’s calendar access).',
 'calendar-unreadable': 'A member’s calendar could not be read.',
 'unknown-time-zone': 'A member’s time zone is not known, so no session time could be chosen.',
 'round-too-short': 'The round has no day left for a session at this cadence.',
 'no-working-hours-overlap': 'Their working hours never overlap at a humane hour, so no session time fits.',
 'calendars-full': 'No time inside their working days is free for everyone on enough sessions.',
 'calendars-full.counted': 'No time inside their working days is free for everyone on enough sessions (best: {usable} of {checked}).',
 'graph-unavailable': 'Microsoft 365 was unavailable for hours. Retry the booking.',
 'graph-unavailable.counted': 'Microsoft 365 was unavailable for about {hours, plural, one {# hour} other {# hours}}. Retry the booking.',
 'calendar-refused': 'Outlook refused to create the meeting series.',
 'end-failed': 'The series could not be ended in Outlook. Retry it.',
 'rebook-failed': 'The series could not be replaced in Outlook. Retry it.',
 'series-missing': 'The meeting series is no longer on the organizer’s calendar.',
 'organizer-deleted-series': 'The organizer deleted the meeting series.',
 'series-cancelled': 'The meeting series was cancelled in Outlook.',
 'declined-again': 'A member declined the series again. Choose a time with them or pair them differently.',
 'member-unavailable': 'A member left or paused after the round was planned.',
 'other': 'Booking needs a person to look at it.',
},
'de': {
 'no-mailbox': 'Ein Mitglied hat kein Postfach, in dem Pairwise buchen kann (keines, oder außerhalb des Kalenderzugriffs der App).',
 'calendar-unreadable': 'Der Kalender eines Mitglieds konnte nicht gelesen werden.',
 'unknown-time-zone': 'Die Zeitzone eines Mitglieds ist unbekannt, daher konnte keine Sitzungszeit gewählt werden.',
 'round-too-short': 'In der Runde bleibt bei diesem Rhythmus kein Tag für eine Sitzung.',
 'no-working-hours-overlap': 'Ihre Arbeitszeiten überschneiden sich nie zu einer vernünftigen Uhrzeit, daher passt keine Sitzungszeit.',
 'calendars-full': 'Innerhalb ihrer Arbeitstage ist für genügend Sitzungen keine Zeit für alle frei.',
 'calendars-full.counted': 'Innerhalb ihrer Arbeitstage ist für genügend Sitzungen keine Zeit für alle frei (bestenfalls {usable} von {checked}).',
 'graph-unavailable': 'Microsoft 365 war stundenlang nicht erreichbar. Buchen Sie erneut.',
 'graph-unavailable.counted': 'Microsoft 365 war etwa {hours, plural, one {# Stunde} other {# Stunden}} nicht erreichbar. Buchen Sie erneut.',
 'calendar-refused': 'Outlook hat das Anlegen der Terminserie abgelehnt.',
 'end-failed': 'Die Serie konnte in Outlook nicht beendet werden. Versuchen Sie es erneut.',
 'rebook-failed': 'Die Serie konnte in Outlook nicht ersetzt werden. Versuchen Sie es erneut.',
 'series-missing': 'Die Terminserie ist nicht mehr im Kalender der organisierenden Person.',
 'organizer-deleted-series': 'Die organisierende Person hat die Terminserie gelöscht.',
 'series-cancelled': 'Die Terminserie wurde in Outlook abgesagt.',
 'declined-again': 'Ein Mitglied hat die Serie erneut abgelehnt. Wählen Sie mit ihm eine Zeit oder bilden Sie die Paarung neu.',
 'member-unavailable': 'Ein Mitglied ist nach der Planung der Runde ausgetreten oder pausiert.',
 'other': 'Die Buchung muss sich jemand ansehen.',
},
'fr': {
 'no-mailbox': 'Un membre n’a pas de boîte aux lettres où Pairwise peut réserver (aucune, ou hors de l’accès calendrier de l’application).',
 'calendar-unreadable': 'Le calendrier d’un membre n’a pas pu être lu.',
 'unknown-time-zone': 'Le fuseau horaire d’un membre est inconnu\u202f: aucun horaire de séance n’a pu être choisi.',
 'round-too-short': 'Le tour n’a plus de jour disponible pour une séance à ce rythme.',
 'no-working-hours-overlap': 'Leurs horaires de travail ne se recoupent jamais à une heure raisonnable\u202f: aucun horaire ne convient.',
 'calendars-full': 'Aucun créneau de leurs journées de travail n’est libre pour tous sur assez de séances.',
 'calendars-full.counted': 'Aucun créneau de leurs journées de travail n’est libre pour tous sur assez de séances (au mieux {usable} sur {checked}).',
 'graph-unavailable': 'Microsoft 365 a été indisponible pendant des heures. Relancez la réservation.',
 'graph-unavailable.counted': 'Microsoft 365 a été indisponible pendant environ {hours, plural, one {# heure} other {# heures}}. Relancez la réservation.',
 'calendar-refused': 'Outlook a refusé de créer la série de réunions.',
 'end-failed': 'La série n’a pas pu être arrêtée dans Outlook. Réessayez.',
 'rebook-failed': 'La série n’a pas pu être remplacée dans Outlook. Réessayez.',
 'series-missing': 'La série de réunions n’est plus dans le calendrier de l’organisateur.',
 'organizer-deleted-series': 'L’organisateur a supprimé la série de réunions.',
 'series-cancelled': 'La série de réunions a été annulée dans Outlook.',
 'declined-again': 'Un membre a de nouveau refusé la série. Choisissez un horaire avec lui ou formez un autre binôme.',
 'member-unavailable': 'Un membre est parti ou a fait une pause après la planification du tour.',
 'other': 'La réservation doit être examinée par une personne.',
},
}
def js(v):
    v = v.replace('\\', '\\\\').replace("'", "\\'")
    v = v.replace('\u202f', '\\u202f').replace('\u00a0', '\\u00a0')
    return "'" + v + "'"
for lang in ['en', 'de', 'fr']:
    p = f'tabs/src/i18n/messages-{lang}.ts'
    block = ''.join(f"  'admin.rounds.attention.{k}': {js(v)},\n" for k, v in new[lang].items())
    add_after(p, 'admin.rounds.needsAttention.item', block)
