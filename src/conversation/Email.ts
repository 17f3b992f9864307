import { Option } from "effect"

// Deliberately simple: good enough to recognise an address typed into a chat, not an RFC 5322 validator.
const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/

/** The first email address in a customer's message, if any. */
export const findEmail = (text: string): Option.Option<string> =>
  Option.fromNullable(emailPattern.exec(text)?.[0])
