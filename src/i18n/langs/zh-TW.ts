// Chinese (Traditional)
import type { Texts } from '../en.js';

export default {
  title: "您的隱私",
  body: "我們使用 Cookie 及類似技術。其中部分是本網站正常運作所必需的；其餘僅在您允許時使用。您可以隨時變更您的選擇。",
  accept: "全部接受",
  reject: "全部拒絕",
  custom: "自訂",
  prefs: "Cookie 偏好設定",
  intro: "請選擇您允許的 Cookie。必要 Cookie 用於維持網站運作，無法關閉。",
  save: "儲存選擇",
  close: "關閉",
  on: "一律啟用",
  cookies: "Cookie",
  name: "名稱",
  purpose: "用途",
  duration: "有效期限",
  provider: "提供者",
  revised: "我們已更新：{0}。請重新檢視您的選擇。",
  gpc: "我們已遵循您的退出偏好訊號。",
  notice: "繼續瀏覽本網站即表示您同意我們使用 Cookie 以及：{0}。您可以隨時變更 Cookie 設定。",
  agree: "我同意",
  settings: "Cookie 設定",
  blocked: "{0}已被封鎖，允許「{1}」後即可檢視。",
  allow: "允許{0}",
  content: "此內容",
} satisfies Texts;
