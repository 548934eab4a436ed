import { type TextCatalog } from './catalog';

/** English: the fallback for every language without a catalog. */
export const en: TextCatalog = {
  invitation: {
    intro: ({ program }) =>
      `You have been paired in ${program}. This series is your regular peer-mentoring session; agree on a goal for each one and tell each other honestly how it is going.`,
    whyHeading: ({ size }) =>
      size === 2 ? 'Why you two:' : size === 3 ? 'Why you three:' : 'Why you are together:',
    until: ({ date }) => `Your sessions run until ${date}, when this round ends.`,
    openTab: {
      label: 'Open Pairwise',
      rest: ' to see your pairing, skip a session, pause or give feedback.',
    },
    workspace: {
      label: 'Open your pair workspace',
      rest: ' for this session’s agenda, your shared goals and your check-ins.',
    },
  },
  reasons: {
    someoneOfYou: 'one of you',
    sameLevel: 'You are at a similar level, so you can speak as peers.',
    levelGap: 'You are close in level, so you can speak as peers.',
    differentDepartments: ({ departments }) => `You work in different departments (${departments}).`,
    differentDepartmentsUnnamed:
      'You work in different departments and can show each other how the rest of the company works.',
    sharedGoals: ({ goals, count }) =>
      count === 1 ? `You share a goal: ${goals}.` : `You share goals: ${goals}.`,
    teaches: ({ teacher, learner, topics }) =>
      `${teacher} can share what ${learner} wants to learn: ${topics}.`,
    overlapHours: ({ hours }) =>
      `Your working hours overlap by about ${hours} ${hours === 1 ? 'hour' : 'hours'}.`,
    sharedLanguages: ({ languages, group }) => `You ${group ? 'all' : 'both'} speak ${languages}.`,
    newJoinerBuddy: ({ newJoiner, group }) =>
      `${newJoiner} is new here and the ${group ? 'others know' : 'other knows'} the ropes.`,
    fairness: 'One of you was not paired last round, so you came first this time.',
    cadence: ({ when, basis, group }) => {
      const you = group ? 'you all' : 'you both';
      if (basis === 'program-default') return `You meet ${when}, the program's rhythm, which ${you} accept.`;
      if (basis === 'shared-preference') return `You meet ${when}, the rhythm ${you} chose.`;
      return `You meet ${when}, the program's rhythm.`;
    },
  },
  goals: {
    'collaborative-learning': 'collaborative learning',
    'onboarding-buddy': 'onboarding buddy',
    'remote-connection': 'remote connection',
    'project-accountability': 'project accountability',
    'network-building': 'network building',
  },
  cadences: { weekly: 'every week', biweekly: 'every two weeks', monthly: 'once a month' },
  calendarComments: {
    ended: 'This peer-mentoring series has ended. Thank you for taking part.',
    rebooked: 'This time did not work for everyone; Pairwise is booking a new time.',
    'member-left':
      'Someone has left this circle; Pairwise is booking the sessions again for the rest of you.',
    orphan: 'This series was booked twice by mistake; your sessions continue in the other invitation.',
  },
  activityPreviews: {
    pairingCreated: 'You have a new peer-mentoring partner.',
    sessionBooked: 'Your peer-mentoring sessions are on your calendar.',
    actionNeeded: 'Your peer-mentoring sessions need a new time.',
    feedbackRequested: 'Did you meet? Tell us how your first session went.',
    seriesEnded: 'Your peer-mentoring sessions have ended.',
  },
  notPaired: {
    'no-eligible-peer': 'Nobody who fits you had joined when this round was matched.',
    'no-eligible-peer.level-band': 'Nobody at your level has joined yet.',
    'no-eligible-peer.management-chain': 'Everyone you could be paired with is in your management chain.',
    'no-eligible-peer.cooldown': 'You have met everyone you could be paired with in recent rounds.',
    'no-eligible-peer.onboarding-pairing': 'No buddy was free for you this round.',
    'no-eligible-peer.cadence': 'Nobody who joined wants to meet as often as you do.',
    'no-eligible-peer.working-hours-overlap': 'Nobody who joined shares enough working hours with you.',
    'carried-over-with-priority':
      'An odd number of people joined and you were the one left over: you come first next round.',
    'unpaired-by-admin': 'A program admin took you out of this round’s pairing.',
    'peer-left-since-plan': 'The peer planned for you left the program before the round began.',
    'calendar-unreachable': 'Pairwise could not reach your Outlook calendar.',
    'calendar-unreachable.no-mailbox':
      'Pairwise found no Outlook mailbox for you, so it cannot book your sessions.',
    'calendar-unreachable.out-of-scope': 'Pairwise is not allowed to book in your Outlook calendar.',
    other: 'You were not placed in this round.',
  },
  nextRound: ({ date }) => `The next round starts on ${date}.`,
};
