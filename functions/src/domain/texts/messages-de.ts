import { type TextCatalog } from './catalog';

/** German, formal address (Sie). */
export const de: TextCatalog = {
  invitation: {
    intro: ({ program }) =>
      `Sie wurden in ${program} für das Peer-Mentoring zusammengebracht. Diese Serie ist Ihre regelmäßige Mentoring-Sitzung: Vereinbaren Sie für jede Sitzung ein Ziel und sagen Sie einander ehrlich, wie es läuft.`,
    whyHeading: ({ size }) =>
      size === 2 ? 'Warum Sie beide:' : size === 3 ? 'Warum Sie drei:' : 'Warum Sie zusammenpassen:',
    until: ({ date }) => `Ihre Sitzungen laufen bis zum ${date}, dem Ende dieser Runde.`,
    openTab: {
      label: 'Pairwise öffnen',
      rest: ', um Ihren Peer zu sehen, eine Sitzung auszulassen, zu pausieren oder Feedback zu geben.',
    },
    workspace: {
      label: 'Ihren gemeinsamen Arbeitsbereich öffnen',
      rest: ' – mit der Agenda dieser Sitzung, Ihren gemeinsamen Zielen und Ihren Check-ins.',
    },
  },
  reasons: {
    someoneOfYou: 'jemand von Ihnen',
    sameLevel: 'Sie sind auf einer ähnlichen Ebene und können auf Augenhöhe sprechen.',
    levelGap: 'Ihre Ebenen liegen nah beieinander, so können Sie auf Augenhöhe sprechen.',
    differentDepartments: ({ departments }) => `Sie arbeiten in verschiedenen Abteilungen (${departments}).`,
    differentDepartmentsUnnamed:
      'Sie arbeiten in verschiedenen Abteilungen und können einander zeigen, wie der Rest des Unternehmens arbeitet.',
    sharedGoals: ({ goals, count }) =>
      count === 1 ? `Sie haben ein gemeinsames Ziel: ${goals}.` : `Sie haben gemeinsame Ziele: ${goals}.`,
    teaches: ({ teacher, learner, topics }) =>
      `${teacher} kann weitergeben, was ${learner} lernen möchte: ${topics}.`,
    overlapHours: ({ hours }) =>
      `Ihre Arbeitszeiten überschneiden sich um etwa ${hours} ${hours === 1 ? 'Stunde' : 'Stunden'}.`,
    sharedLanguages: ({ languages, group }) => `Sie sprechen ${group ? 'alle' : 'beide'} ${languages}.`,
    newJoinerBuddy: ({ newJoiner, group }) =>
      `${newJoiner} ist neu hier, ${group ? 'die anderen kennen' : 'die andere Person kennt'} sich schon aus.`,
    fairness:
      'Jemand von Ihnen wurde in der letzten Runde niemandem zugeordnet und war diesmal zuerst an der Reihe.',
    cadence: ({ when, basis, group }) => {
      const you = group ? 'alle' : 'beide';
      if (basis === 'program-default')
        return `Sie treffen sich ${when} – im Rhythmus des Programms, mit dem Sie ${you} einverstanden sind.`;
      if (basis === 'shared-preference')
        return `Sie treffen sich ${when} – im Rhythmus, den Sie ${you} gewählt haben.`;
      return `Sie treffen sich ${when} – im Rhythmus des Programms.`;
    },
  },
  goals: {
    'collaborative-learning': 'gemeinsames Lernen',
    'onboarding-buddy': 'Onboarding-Buddy',
    'remote-connection': 'Verbindung trotz Remote-Arbeit',
    'project-accountability': 'gegenseitige Projektverantwortung',
    'network-building': 'Netzwerkaufbau',
  },
  cadences: { weekly: 'jede Woche', biweekly: 'alle zwei Wochen', monthly: 'einmal im Monat' },
  calendarComments: {
    ended: 'Diese Peer-Mentoring-Serie ist beendet. Vielen Dank für Ihre Teilnahme.',
    rebooked: 'Diese Zeit hat nicht für alle gepasst; Pairwise bucht eine neue.',
    'member-left': 'Jemand hat diesen Kreis verlassen; Pairwise bucht die Sitzungen für die anderen neu.',
    orphan:
      'Diese Serie wurde versehentlich doppelt gebucht; Ihre Sitzungen gehen in der anderen Einladung weiter.',
  },
  activityPreviews: {
    pairingCreated: 'Sie haben einen neuen Peer für Ihr Mentoring.',
    sessionBooked: 'Ihre Mentoring-Sitzungen stehen in Ihrem Kalender.',
    actionNeeded: 'Ihre Mentoring-Sitzungen brauchen eine neue Zeit.',
    feedbackRequested: 'Haben Sie sich getroffen? Erzählen Sie uns, wie Ihre erste Sitzung war.',
    seriesEnded: 'Ihre Mentoring-Sitzungen sind beendet.',
  },
  // The tab's words for the same reasons (tabs/src/i18n/messages-de.ts `myUnmatched.*`), shortened where a
  // notification must fit the next round's date into Teams' 150 characters.
  notPaired: {
    'no-eligible-peer': 'Als diese Runde gebildet wurde, nahm noch niemand teil, der zu Ihnen passt.',
    'no-eligible-peer.level-band': 'Auf Ihrer Ebene nimmt noch niemand teil.',
    'no-eligible-peer.management-chain':
      'Alle, mit denen Sie zusammengebracht werden könnten, sind in Ihrer Führungslinie.',
    'no-eligible-peer.cooldown':
      'Sie haben in den letzten Runden schon alle getroffen, die für Sie infrage kommen.',
    'no-eligible-peer.onboarding-pairing': 'In dieser Runde war kein Buddy für Sie frei.',
    'no-eligible-peer.cadence': 'Niemand möchte sich so oft treffen wie Sie.',
    'no-eligible-peer.working-hours-overlap':
      'Niemand unter den Teilnehmenden hat genug gemeinsame Arbeitszeit mit Ihnen.',
    'carried-over-with-priority':
      'Die Zahl der Teilnehmenden war ungerade: In der nächsten Runde sind Sie zuerst an der Reihe.',
    'unpaired-by-admin': 'Die Programmverantwortlichen haben Sie aus der Zuordnung dieser Runde genommen.',
    'peer-left-since-plan': 'Der für Sie vorgesehene Peer hat das Programm vor Beginn der Runde verlassen.',
    'calendar-unreachable': 'Pairwise konnte Ihren Outlook-Kalender nicht erreichen.',
    'calendar-unreachable.no-mailbox':
      'Pairwise hat für Sie kein Outlook-Postfach gefunden und kann deshalb keine Sitzungen eintragen.',
    'calendar-unreachable.out-of-scope': 'Pairwise darf keine Termine in Ihren Outlook-Kalender eintragen.',
    other: 'Sie wurden in dieser Runde nicht zugeordnet.',
  },
  nextRound: ({ date }) => `Die nächste Runde beginnt am ${date}.`,
};
