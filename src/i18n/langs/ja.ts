// Japanese
import type { Texts } from '../en.js';

export default {
  title: "プライバシーについて",
  body: "当サイトでは Cookie および類似の技術を使用しています。一部はサイトの動作に必要なもので、その他はお客様の許可がある場合にのみ使用します。選択はいつでも変更できます。",
  accept: "すべて許可",
  reject: "すべて拒否",
  custom: "カスタマイズ",
  prefs: "Cookie の設定",
  intro: "許可する Cookie を選択してください。必須の Cookie はサイトの動作に必要なため、オフにできません。",
  save: "選択を保存",
  close: "閉じる",
  on: "常に有効",
  cookies: "Cookie",
  name: "名前",
  purpose: "目的",
  duration: "保存期間",
  provider: "提供元",
  revised: "次の内容を更新しました：{0}。選択内容をご確認ください。",
  gpc: "お客様のオプトアウト設定シグナルを尊重しました。",
  notice: "当サイトの閲覧を続けることで、Cookie の使用および次の内容に同意したものとみなされます：{0}。Cookie の設定はいつでも変更できます。",
  agree: "同意する",
  settings: "Cookie の設定",
  blocked: "{0}は「{1}」を許可するまでブロックされています。",
  allow: "{0}を許可",
  content: "このコンテンツ",
} satisfies Texts;
