/**
 * The one way a use case says no: a refusal or a mistake the person can fix (bad argument, not allowed, nothing
 * found). Its message is Chinese and shown as is; nothing has changed when it is thrown. Every other exception
 * is a fault: the bot's router answers it with a short apology and logs it with its cause.
 */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Refusal";
  }
}
