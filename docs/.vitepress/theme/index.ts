import DefaultTheme from 'vitepress/theme-without-fonts';
import type { Theme } from 'vitepress';
import TableFilter from './TableFilter.vue';
import BenchCharts from './BenchCharts.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('TableFilter', TableFilter);
    app.component('BenchCharts', BenchCharts);
  },
} satisfies Theme;
