import { type TextCatalog } from './catalog';

/**
 * French, formal address (vous). A narrow no-break space (U+202F) stands before ':', '?' and ';' as French typesets
 * them (and as the tab's catalog does).
 */
export const fr: TextCatalog = {
  invitation: {
    intro: ({ program }) =>
      `Vous avez été mis en relation dans ${program}. Cette série est votre séance régulière de mentorat entre pairs\u202f: fixez-vous un objectif pour chaque séance et dites-vous franchement où vous en êtes.`,
    whyHeading: ({ size }) =>
      size === 2
        ? 'Pourquoi vous deux\u202f:'
        : size === 3
          ? 'Pourquoi vous trois\u202f:'
          : 'Pourquoi vous êtes ensemble\u202f:',
    until: ({ date }) => `Vos séances ont lieu jusqu’au ${date}, à la fin de ce tour.`,
    openTab: {
      label: 'Ouvrez Pairwise',
      rest: ' pour voir votre pair, sauter une séance, faire une pause ou donner votre avis.',
    },
    workspace: {
      label: 'Ouvrez votre espace de travail commun',
      rest: ' pour l’ordre du jour de cette séance, vos objectifs communs et vos points d’étape.',
    },
  },
  reasons: {
    someoneOfYou: 'l’un de vous',
    sameLevel: 'Vous êtes à un niveau similaire et pouvez échanger d’égal à égal.',
    levelGap: 'Vos niveaux sont proches\u202f: vous pouvez échanger d’égal à égal.',
    differentDepartments: ({ departments }) =>
      `Vous travaillez dans des services différents (${departments}).`,
    differentDepartmentsUnnamed:
      'Vous travaillez dans des services différents et pouvez vous montrer comment fonctionne le reste de l’entreprise.',
    sharedGoals: ({ goals, count }) =>
      count === 1
        ? `Vous partagez un objectif\u202f: ${goals}.`
        : `Vous partagez des objectifs\u202f: ${goals}.`,
    teaches: ({ teacher, learner, topics }) =>
      `${teacher} peut transmettre ce que ${learner} souhaite apprendre\u202f: ${topics}.`,
    overlapHours: ({ hours }) =>
      `Vos horaires de travail se recoupent d’environ ${hours} ${hours < 2 ? 'heure' : 'heures'}.`,
    sharedLanguages: ({ languages, group }) =>
      `Vous parlez ${group ? 'tous les trois' : 'tous les deux'} ${languages}.`,
    newJoinerBuddy: ({ newJoiner, group }) =>
      `${newJoiner} vient d’arriver et ${group ? 'les autres connaissent' : 'l’autre connaît'} déjà la maison.`,
    fairness: 'L’un de vous n’a pas eu de binôme au dernier tour et est passé en priorité cette fois.',
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
    rebooked: 'Cet horaire ne convenait pas à tout le monde\u202f; Pairwise réserve un nouveau créneau.',
    'member-left':
      'Une personne a quitté ce cercle\u202f; Pairwise réserve à nouveau les séances pour les autres.',
    orphan:
      'Cette série a été réservée deux fois par erreur\u202f; vos séances continuent dans l’autre invitation.',
  },
  activityPreviews: {
    pairingCreated: 'Vous avez un nouveau binôme de mentorat.',
    sessionBooked: 'Vos séances de mentorat sont dans votre agenda.',
    actionNeeded: 'Vos séances de mentorat ont besoin d’un nouvel horaire.',
    feedbackRequested:
      'Vous êtes-vous rencontrés\u202f? Dites-nous comment s’est passée votre première séance.',
    seriesEnded: 'Vos séances de mentorat sont terminées.',
  },
  // The tab's words for the same reasons (tabs/src/i18n/messages-fr.ts `myUnmatched.*`), shortened where a
  // notification must fit the next round's date into Teams' 150 characters.
  notPaired: {
    'no-eligible-peer':
      'Personne qui vous corresponde n’était inscrit au moment de la constitution des binômes.',
    'no-eligible-peer.level-band': 'Personne de votre niveau n’est encore inscrit.',
    'no-eligible-peer.management-chain':
      'Toutes les personnes avec qui vous pourriez former un binôme font partie de votre ligne hiérarchique.',
    'no-eligible-peer.cooldown':
      'Vous avez déjà rencontré toutes les personnes possibles lors des derniers tours.',
    'no-eligible-peer.onboarding-pairing': 'Aucun parrain n’était disponible pour vous à ce tour.',
    'no-eligible-peer.cadence': 'Aucun inscrit ne souhaite se retrouver aussi souvent que vous.',
    'no-eligible-peer.working-hours-overlap':
      'Aucun inscrit n’a assez d’heures de travail en commun avec vous.',
    'carried-over-with-priority':
      'Le nombre d’inscrits était impair\u202f: vous serez prioritaire au prochain tour.',
    'unpaired-by-admin':
      'Un administrateur du programme vous a retiré de la constitution des binômes de ce tour.',
    'peer-left-since-plan': 'Le pair prévu pour vous a quitté le programme avant le début du tour.',
    'calendar-unreachable': 'Pairwise n’a pas pu accéder à votre calendrier Outlook.',
    'calendar-unreachable.no-mailbox':
      'Pairwise ne trouve pas de boîte aux lettres Outlook à votre nom\u202f: il ne peut pas réserver vos séances.',
    'calendar-unreachable.out-of-scope':
      'Pairwise n’est pas autorisé à réserver dans votre calendrier Outlook.',
    other: 'Vous n’avez pas de binôme à ce tour.',
  },
  nextRound: ({ date }) => `Le prochain tour commence le ${date}.`,
};
