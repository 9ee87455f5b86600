// Turkish
import type { Texts } from '../en.js';

export default {
  title: "Gizliliğiniz",
  body: "Çerezler ve benzeri teknolojiler kullanıyoruz. Bazıları bu sitenin çalışması için gereklidir; diğerleri yalnızca izin verirseniz kullanılır. Seçiminizi istediğiniz zaman değiştirebilirsiniz.",
  accept: "Tümünü kabul et",
  reject: "Tümünü reddet",
  custom: "Özelleştir",
  prefs: "Çerez tercihleri",
  intro: "Hangi çerezlere izin verdiğinizi seçin. Gerekli çerezler sitenin çalışmasını sağlar ve kapatılamaz.",
  save: "Seçimleri kaydet",
  close: "Kapat",
  on: "Her zaman açık",
  cookies: "Çerezler",
  name: "Ad",
  purpose: "Amaç",
  duration: "Süre",
  provider: "Sağlayıcı",
  revised: "Şunları güncelledik: {0}. Lütfen seçiminizi gözden geçirin.",
  gpc: "Devre dışı bırakma tercih sinyaliniz dikkate alındı.",
  notice: "Sitemizde gezinmeye devam ederek çerez kullanımımızı ve şunları kabul etmiş olursunuz: {0}. Çerez ayarlarınızı istediğiniz zaman değiştirebilirsiniz.",
  agree: "Kabul ediyorum",
  settings: "Çerez ayarları",
  blocked: "{0}, {1} için izin verene kadar engellenmiştir.",
  allow: "{0} için izin ver",
  content: "Bu içerik",
} satisfies Texts;
