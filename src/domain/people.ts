/**
 * How a person is named to officials. A name we could not fetch yet is never shown blank: a short form of the
 * open_id stands in ("ou_…3f9a2c") until the chat member list or the contact API tells us the name.
 */
export function personName(p: { name: string; openId: string }): string {
  const name = p.name.trim();
  return name || shortOpenId(p.openId);
}

export function shortOpenId(openId: string): string {
  if (!openId) return "（未知成员）";
  return openId.length > 12 ? `${openId.slice(0, 3)}…${openId.slice(-6)}` : openId;
}
