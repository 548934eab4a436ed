import { type TextCatalog } from './catalog';

/** French, formal address (vous). A no-break space (U+00A0) stands before ':', '?' and ';' as French typesets them. */
export const fr: TextCatalog = {
  invitation: {
    intro: ({ program }) =>
      `Vous avez été mis en relation dans ${program}. Cette série est votre session régulière de mentorat entre pairs\u00a0: fixez-vous un objectif pour chaque session et dites-vous franchement où vous en êtes.`,
    whyHeading: ({ group }) => (group ? 'Pourquoi vous trois\u00a0:' : 'Pourquoi vous deux\u00a0:'),
    until: ({ date }) => `Vos sessions ont lieu jusqu’au ${date}, à la fin de ce cycle.`,
    openTab: {
      label: 'Ouvrez Pairwise',
      rest: ' pour voir votre binôme, sauter une session, faire une pause ou donner votre avis.',
    },
  },
  reasons: {
    someoneOfYou: 'l’un de vous',
    sameLevel: 'Vous êtes à un niveau similaire et pouvez échanger d’égal à égal.',
    levelGap: 'Vos niveaux sont proches\u00a0: vous pouvez échanger d’égal à égal.',
    differentDepartments: ({ departments }) =>
      `Vous travaillez dans des services différents (${departments}).`,
    differentDepartmentsUnnamed:
      'Vous travaillez dans des services différents et pouvez vous montrer comment fonctionne le reste de l’entreprise.',
    sharedGoals: ({ goals, count }) =>
      count === 1
        ? `Vous partagez un objectif\u00a0: ${goals}.`
        : `Vous partagez des objectifs\u00a0: ${goals}.`,
    teaches: ({ teacher, learner, topics }) =>
      `${teacher} peut transmettre ce que ${learner} souhaite apprendre\u00a0: ${topics}.`,
    overlapHours: ({ hours }) =>
      `Vos horaires de travail se recoupent d’environ ${hours} ${hours < 2 ? 'heure' : 'heures'}.`,
    sharedLanguages: ({ languages, group }) =>
      `Vous parlez ${group ? 'tous les trois' : 'tous les deux'} ${languages}.`,
    newJoinerBuddy: ({ newJoiner, group }) =>
      `${newJoiner} vient d’arriver et ${group ? 'les autres connaissent' : 'l’autre connaît'} déjà la maison.`,
    fairness: 'L’un de vous n’a pas eu de binôme au dernier cycle et est passé en priorité cette fois.',
    cadence: ({ when, basis, group }) => {
      const you = group ? 'vous trois' : 'vous deux';
      if (basis === 'program-default')
        return `Vous vous retrouvez ${when}, au rythme du programme, qui convient à ${you}.`;
      if (basis === 'shared-preference')
        return `Vous vous retrouvez ${when}, le rythme que ${you} avez choisi.`;
      return `Vous vous retrouvez ${when}, au rythme du programme.`;
    },
  },
  goals: {
    'collaborative-learning': 'apprentissage collaboratif',
    'onboarding-buddy': 'parrainage des nouveaux arrivants',
    'remote-connection': 'lien à distance',
    'project-accountability': 'suivi de projets',
    'network-building': 'développement du réseau',
  },
  cadences: { weekly: 'chaque semaine', biweekly: 'toutes les deux semaines', monthly: 'une fois par mois' },
  calendarComments: {
    ended: 'Cette série de mentorat entre pairs est terminée. Merci de votre participation.',
    rebooked: 'Cet horaire ne convenait pas à tout le monde\u00a0; Pairwise réserve un nouveau créneau.',
    orphan:
      'Cette série a été réservée deux fois par erreur\u00a0; vos sessions continuent dans l’autre invitation.',
  },
  activityPreviews: {
    pairingCreated: 'Vous avez un nouveau binôme de mentorat.',
    sessionBooked: 'Vos sessions de mentorat sont dans votre agenda.',
    actionNeeded: 'Vos sessions de mentorat ont besoin d’un nouvel horaire.',
    feedbackRequested:
      'Vous êtes-vous rencontrés\u00a0? Dites-nous comment s’est passée votre première session.',
    seriesEnded: 'Vos sessions de mentorat sont terminées.',
  },
  notPaired: {
    'no-eligible-peer': 'Au moment de la mise en relation, aucun inscrit ne vous correspondait.',
    'no-eligible-peer.level-band': 'Personne de votre niveau ne s’est encore inscrit.',
    'no-eligible-peer.management-chain':
      'Toutes les personnes avec qui vous pourriez faire binôme font partie de votre ligne hiérarchique.',
    'no-eligible-peer.cooldown':
      'Vous avez déjà rencontré toutes vos personnes compatibles lors des derniers cycles.',
    'no-eligible-peer.onboarding-pairing': 'Aucun parrain n’était disponible pour vous ce cycle-ci.',
    'no-eligible-peer.cadence': 'Aucun inscrit ne souhaite se retrouver aussi souvent que vous.',
    'no-eligible-peer.working-hours-overlap':
      'Aucun inscrit n’a assez d’horaires de travail en commun avec vous.',
    'carried-over-with-priority':
      'Les inscrits étaient en nombre impair\u00a0: vous passerez en priorité au prochain cycle.',
    'unpaired-by-admin': 'Un administrateur du programme vous a retiré des binômes de ce cycle.',
    'peer-left-since-plan': 'Le binôme prévu pour vous a quitté le programme avant le début du cycle.',
    'calendar-unreachable': 'Pairwise n’a pas pu accéder à votre agenda Outlook.',
    'calendar-unreachable.no-mailbox':
      'Pairwise ne trouve pas de boîte aux lettres Outlook pour vous\u00a0: il ne peut pas réserver vos sessions.',
    'calendar-unreachable.out-of-scope': 'Pairwise n’est pas autorisé à réserver dans votre agenda Outlook.',
    other: 'Aucun binôme ne vous a été attribué pour ce cycle.',
  },
  nextRound: ({ date }) => `Le prochain cycle commence le ${date}.`,
};
