// Chinese (Simplified)
import type { Texts } from '../en.js';

export default {
  title: "您的隐私",
  body: "我们使用 Cookie 及类似技术。其中一些是本网站正常运行所必需的；其余的仅在您允许时使用。您可以随时更改您的选择。",
  accept: "全部接受",
  reject: "全部拒绝",
  custom: "自定义",
  prefs: "Cookie 偏好设置",
  intro: "请选择您允许的 Cookie。必要 Cookie 用于维持网站运行，无法关闭。",
  save: "保存选择",
  close: "关闭",
  on: "始终启用",
  cookies: "Cookie",
  name: "名称",
  purpose: "用途",
  duration: "有效期",
  provider: "提供方",
  revised: "我们已更新：{0}。请重新查看您的选择。",
  gpc: "我们已遵从您的退出偏好信号。",
  notice: "继续浏览本网站即表示您同意我们使用 Cookie 以及：{0}。您可以随时更改 Cookie 设置。",
  agree: "我同意",
  settings: "Cookie 设置",
  blocked: "{0}已被阻止，允许“{1}”后即可查看。",
  allow: "允许{0}",
  content: "此内容",
} satisfies Texts;
