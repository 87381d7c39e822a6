/** A refusal or a mistake the user can fix: its message (Chinese) is shown to them as is. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

export const GENERIC_FAILURE = "系统繁忙,操作未完成,请稍后重试。如多次失败请联系办公室。";
