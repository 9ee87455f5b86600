// Korean
import type { Texts } from '../en.js';

export default {
  title: "개인정보 보호",
  body: "당사는 쿠키 및 유사한 기술을 사용합니다. 일부는 이 사이트의 작동에 필요하며, 나머지는 사용자가 허용한 경우에만 사용됩니다. 선택은 언제든지 변경할 수 있습니다.",
  accept: "모두 허용",
  reject: "모두 거부",
  custom: "사용자 지정",
  prefs: "쿠키 환경설정",
  intro: "허용할 쿠키를 선택하세요. 필수 쿠키는 사이트 작동에 필요하므로 끌 수 없습니다.",
  save: "선택 저장",
  close: "닫기",
  on: "항상 사용",
  cookies: "쿠키",
  name: "이름",
  purpose: "목적",
  duration: "보존 기간",
  provider: "제공자",
  revised: "다음 내용이 업데이트되었습니다: {0}. 선택을 다시 확인해 주세요.",
  gpc: "사용자의 옵트아웃 선호 신호를 존중했습니다.",
  notice: "사이트를 계속 이용하면 쿠키 사용 및 다음 내용에 동의하는 것으로 간주됩니다: {0}. 쿠키 설정은 언제든지 변경할 수 있습니다.",
  agree: "동의합니다",
  settings: "쿠키 설정",
  blocked: "{0}은(는) '{1}' 허용 전까지 차단됩니다.",
  allow: "{0} 허용",
  content: "이 콘텐츠",
} satisfies Texts;
