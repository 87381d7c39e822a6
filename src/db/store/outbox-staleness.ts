/**
 * Feishu de-duplicates a send by its `uuid` only within an hour. After a longer outage a re-send is a new
 * message, so only what still means something goes out: confirmations, replies, cards and bulletins are kept;
 * reminders and escalations whose moment has passed are dropped (the next tick nudges afresh if still due).
 */
export const UUID_WINDOW_MS = 60 * 60_000;

/** Purposes tied to a moment: sent late they nag about a state that may no longer hold. */
export const MOMENT_PURPOSES = ["nudge", "remind", "escalation"] as const;

export const STALE_REASON = "提醒时机已过（超过一小时未能发出），不再补发";
/**
 * An urgent (加急) call has no uuid at Feishu: a second call buzzes people again. A claimed urgent whose outcome
 * was never recorded (the process died during the call) is therefore not repeated.
 */
export const URGENT_UNKNOWN_REASON = "加急调用结果未知（进程中断），不重复加急";
