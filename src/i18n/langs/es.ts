// Spanish
import type { Texts } from '../en.js';

export default {
  title: "Tu privacidad",
  body: "Usamos cookies y tecnologías similares. Algunas son necesarias para que este sitio funcione; las demás solo se usan si las permites. Puedes cambiar tu elección en cualquier momento.",
  accept: "Aceptar todas",
  reject: "Rechazar todas",
  custom: "Personalizar",
  prefs: "Preferencias de cookies",
  intro: "Elige qué cookies permites. Las cookies necesarias mantienen el sitio en funcionamiento y no se pueden desactivar.",
  save: "Guardar selección",
  close: "Cerrar",
  on: "Siempre activas",
  cookies: "Cookies",
  name: "Nombre",
  purpose: "Finalidad",
  duration: "Duración",
  provider: "Proveedor",
  revised: "Hemos actualizado: {0}. Revisa tu elección.",
  gpc: "Se ha respetado tu señal de preferencia de exclusión voluntaria.",
  notice: "Si sigues navegando por nuestro sitio, aceptas nuestro uso de cookies y lo siguiente: {0}. Puedes cambiar tu configuración de cookies en cualquier momento.",
  agree: "Acepto",
  settings: "Configuración de cookies",
  blocked: "{0} está bloqueado hasta que permitas {1}.",
  allow: "Permitir {0}",
  content: "Este contenido",
} satisfies Texts;
