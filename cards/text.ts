/**
 * Text messages (msg_type `text`). Feishu parses markup in them — `<at user_id="all"></at>`, the style
 * tags `<b> <i> <u> <s>` and links `[text](url)` (发送消息内容结构 › 文本) — and documents no escape for
 * them. So every text the bot sends is made by textMessage(): the characters that open that markup
 * become their full-width forms (＜ ＞ ［ ］), which read the same in Chinese text and parse as nothing.
 * The Messenger port takes only a TextMessage, so no reply can skip it. (Cards escape with escapeMd.)
 */
declare const textMessageBrand: unique symbol;

/** A string that is safe to send as a Feishu text message: it renders literally. */
export type TextMessage = string & { readonly [textMessageBrand]: true };

const MARKUP: Readonly<Record<string, string>> = { '<': '＜', '>': '＞', '[': '［', ']': '］' };

/** C0/C1 controls except tab and newline, bidi overrides/isolates, BOM: they only hide or reorder text. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The whole text, including any part a person typed, shown literally. */
export function textMessage(text: string): TextMessage {
  return text.replace(INVISIBLE, '').replace(/[<>[\]]/g, (ch) => MARKUP[ch] ?? ch) as TextMessage;
}
