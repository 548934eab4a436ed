/** The matching command line's usage line, printed on a wrong command and in argument errors. */
export const USAGE = `usage:
  match solve < graph.json                 {"nodes": n, "edges": [[u, v, w], ...]} -> {"pairs": [[u, v], ...], "weight": W}
  match preview <participants.csv> [--history <pairs.csv>] [--program <program.json>]`;
