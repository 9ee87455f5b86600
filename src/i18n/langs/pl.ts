// Polish
import type { Texts } from '../en.js';

export default {
  title: "Twoja prywatność",
  body: "Używamy plików cookie i podobnych technologii. Niektóre są niezbędne do działania tej witryny; pozostałe są używane tylko za Twoją zgodą. Możesz w każdej chwili zmienić swój wybór.",
  accept: "Akceptuj wszystkie",
  reject: "Odrzuć wszystkie",
  custom: "Dostosuj",
  prefs: "Ustawienia plików cookie",
  intro: "Wybierz, na które pliki cookie się zgadzasz. Niezbędne pliki cookie zapewniają działanie witryny i nie można ich wyłączyć.",
  save: "Zapisz wybór",
  close: "Zamknij",
  on: "Zawsze aktywne",
  cookies: "Pliki cookie",
  name: "Nazwa",
  purpose: "Cel",
  duration: "Okres przechowywania",
  provider: "Dostawca",
  revised: "Zaktualizowaliśmy: {0}. Sprawdź swój wybór.",
  gpc: "Uwzględniliśmy Twój sygnał preferencji rezygnacji (opt-out).",
  notice: "Kontynuując przeglądanie naszej witryny, zgadzasz się na używanie przez nas plików cookie oraz akceptujesz: {0}. Ustawienia plików cookie możesz zmienić w każdej chwili.",
  agree: "Zgadzam się",
  settings: "Ustawienia plików cookie",
  blocked: "{0} – zablokowano do czasu zgody na: {1}.",
  allow: "Zezwól: {0}",
  content: "Ta treść",
} satisfies Texts;
