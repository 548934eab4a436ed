import { type TextCatalog } from './catalog';

/** German, formal address (Sie). */
export const de: TextCatalog = {
  invitation: {
    intro: ({ program }) =>
      `Sie wurden in ${program} für das Peer-Mentoring zusammengebracht. Diese Serie ist Ihr regelmäßiger Mentoring-Termin: Vereinbaren Sie für jeden Termin ein Ziel und sagen Sie einander ehrlich, wie es läuft.`,
    whyHeading: ({ group }) => (group ? 'Warum Sie drei:' : 'Warum Sie beide:'),
    until: ({ date }) => `Ihre Termine laufen bis zum ${date}, dem Ende dieser Runde.`,
    openTab: {
      label: 'Pairwise öffnen',
      rest: ', um Ihr Gegenüber zu sehen, einen Termin auszulassen, zu pausieren oder Feedback zu geben.',
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
    rebooked: 'Dieser Termin hat nicht für alle gepasst; Pairwise bucht einen neuen.',
    orphan:
      'Diese Serie wurde versehentlich doppelt gebucht; Ihre Termine gehen in der anderen Einladung weiter.',
  },
  activityPreviews: {
    pairingCreated: 'Sie haben ein neues Gegenüber im Peer-Mentoring.',
    sessionBooked: 'Ihre Peer-Mentoring-Termine stehen in Ihrem Kalender.',
    actionNeeded: 'Ihre Peer-Mentoring-Termine brauchen eine neue Zeit.',
    feedbackRequested: 'Haben Sie sich getroffen? Erzählen Sie uns, wie Ihr erster Termin war.',
    seriesEnded: 'Ihre Peer-Mentoring-Termine sind beendet.',
  },
  notPaired: {
    'no-eligible-peer':
      'Als diese Runde zusammengestellt wurde, hatte sich noch niemand angemeldet, der zu Ihnen passt.',
    'no-eligible-peer.level-band': 'Auf Ihrer Ebene hat sich noch niemand angemeldet.',
    'no-eligible-peer.management-chain':
      'Alle, mit denen Sie zusammenkommen könnten, gehören zu Ihrer Führungslinie.',
    'no-eligible-peer.cooldown':
      'Sie haben in den letzten Runden schon alle getroffen, mit denen Sie zusammenkommen könnten.',
    'no-eligible-peer.onboarding-pairing': 'In dieser Runde war kein Buddy für Sie frei.',
    'no-eligible-peer.cadence': 'Niemand der Angemeldeten möchte sich so oft treffen wie Sie.',
    'no-eligible-peer.working-hours-overlap':
      'Niemand der Angemeldeten hat genug gemeinsame Arbeitszeit mit Ihnen.',
    'carried-over-with-priority':
      'Bei ungerader Teilnehmerzahl sind Sie übrig geblieben und kommen nächstes Mal zuerst dran.',
    'unpaired-by-admin': 'Die Programmverwaltung hat Sie aus der Zuordnung dieser Runde genommen.',
    'peer-left-since-plan': 'Ihr geplantes Gegenüber hat das Programm vor Beginn der Runde verlassen.',
    'calendar-unreachable': 'Pairwise konnte Ihren Outlook-Kalender nicht erreichen.',
    'calendar-unreachable.no-mailbox':
      'Pairwise hat kein Outlook-Postfach für Sie gefunden und kann daher keine Termine buchen.',
    'calendar-unreachable.out-of-scope': 'Pairwise darf nicht in Ihrem Outlook-Kalender buchen.',
    other: 'Sie wurden in dieser Runde nicht eingeteilt.',
  },
  nextRound: ({ date }) => `Die nächste Runde beginnt am ${date}.`,
};
