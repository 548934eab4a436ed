/** Teams' deep link to a 1:1 chat (docs: "Deep link to start a new chat"; `users` takes sign-in names, UPNs). */
export function teamsChatLink(user: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(user)}`;
}
