import { describe, expect, it } from 'vitest';
import { SERVICES, matchService, type Service } from '../../src/services/index.js';
import { CONSENT_MODE_SERVICES } from '../../src/block/rules.js';

// For each service: real URLs it loads or calls (from its documentation and tags), and
// neighbours that must not be taken for it (its own website, look-alike hosts, nearby services).
const URLS: Record<string, [match: string[], not: string[]]> = {
  'google-ads': [['https://www.googletagmanager.com/gtag/js?id=AW-123456789', 'https://www.googleadservices.com/pagead/conversion.js', 'https://googleads.g.doubleclick.net/pagead/viewthroughconversion/123/', 'https://www.google.com/pagead/1p-conversion/123/'], ['https://www.googletagmanager.com/gtag/js?id=G-ABC123', 'https://www.google.com/search?q=ads', 'https://ads.google.com/home/']],
  'doubleclick': [['https://ad.doubleclick.net/ddm/activity/src=1;type=a', 'https://stats.g.doubleclick.net/g/collect', 'https://www.googletagmanager.com/gtag/js?id=DC-1234567'], ['https://googleads.g.doubleclick.net/pagead/id', 'https://notdoubleclick.net/x.js', 'https://doubleclick.net.example.org/x.js']],
  'google-analytics': [['https://www.google-analytics.com/analytics.js', 'https://region1.google-analytics.com/g/collect?v=2&tid=G-1', 'https://region1.analytics.google.com/g/collect?v=2', 'https://www.googletagmanager.com/gtag/js?id=G-ABC123'], ['https://www.googletagmanager.com/gtm.js?id=GTM-ABC', 'https://www.google.com/', 'https://google-analytics.com.evil.example/x']],
  'google-tag-manager': [['https://www.googletagmanager.com/gtm.js?id=GTM-ABC123', 'https://www.googletagmanager.com/ns.html?id=GTM-ABC123'], ['https://www.googletagmanager.com/gtag/js?id=G-1', 'https://tagmanager.google.com/']],
  'adobe-analytics': [['https://example.sc.omtrdc.net/b/ss/rsid/1/JS-2.22.0/s123', 'https://example.tt.omtrdc.net/rest/v1/delivery', 'https://example.112.2o7.net/b/ss/x'], ['https://www.adobe.com/analytics/adobe-analytics.html']],
  'adobe-launch': [['https://assets.adobedtm.com/abc/def/launch-123.min.js'], ['https://www.adobe.com/', 'https://adobedtm.com.example.net/x.js']],
  'tealium': [['https://tags.tiqcdn.com/utag/acme/main/prod/utag.js', 'https://collect.tealiumiq.com/event'], ['https://tealium.com/']],
  'microsoft-clarity': [['https://www.clarity.ms/tag/abcdef', 'https://k.clarity.ms/collect'], ['https://clarity.microsoft.com/', 'https://bat.bing.com/bat.js']],
  'hotjar': [['https://static.hotjar.com/c/hotjar-123.js?sv=6', 'https://script.hotjar.com/modules.abc.js', 'https://vc.hotjar.io/sessions'], ['https://hotjar.com.example.net/x.js', 'https://nothotjar.com/']],
  'segment': [['https://cdn.segment.com/analytics.js/v1/KEY/analytics.min.js', 'https://api.segment.io/v1/t'], ['https://segment.com/docs/']],
  'mixpanel': [['https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js', 'https://api-js.mixpanel.com/track/?verbose=1'], ['https://mixpanel.com.example.net/x']],
  'amplitude': [['https://cdn.amplitude.com/libs/analytics-browser-2.0.0-min.js.gz', 'https://api2.amplitude.com/2/httpapi', 'https://api.eu.amplitude.com/2/httpapi'], ['https://amplitude-analytics.example.com/']],
  'heap': [['https://cdn.heapanalytics.com/js/heap-123.js', 'https://heapanalytics.com/h?a=123', 'https://cdn.us.heap-api.com/config/123/heap_config.js'], ['https://heap.io/']],
  'fullstory': [['https://edge.fullstory.com/s/fs.js', 'https://rs.fullstory.com/rec/bundle'], ['https://fullstory.example.com/']],
  'posthog': [['https://us-assets.i.posthog.com/static/array.js', 'https://us.i.posthog.com/e/', 'https://eu.i.posthog.com/decide/', 'https://app.posthog.com/e/'], ['https://posthog.com/docs', 'https://posthog.example.com/e/']],
  'matomo-cloud': [['https://cdn.matomo.cloud/acme.matomo.cloud/matomo.js', 'https://acme.matomo.cloud/matomo.php?idsite=1'], ['https://matomo.org/', 'https://stats.example.com/matomo.js']],
  'plausible': [['https://plausible.io/js/script.js', 'https://plausible.io/api/event'], ['https://plausible.io/docs', 'https://plausible.example.com/js/script.js']],
  'fathom': [['https://cdn.usefathom.com/script.js'], ['https://usefathom.com/']],
  'cloudflare-web-analytics': [['https://static.cloudflareinsights.com/beacon.min.js', 'https://cloudflareinsights.com/cdn-cgi/rum'], ['https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js']],
  'yandex-metrica': [['https://mc.yandex.ru/metrika/tag.js', 'https://mc.yandex.com/watch/123', 'https://mc.webvisor.org/metrika/tag_ww.js'], ['https://yandex.ru/maps/', 'https://yastatic.net/jquery/3.3.1/jquery.min.js']],
  'baidu-tongji': [['https://hm.baidu.com/hm.js?abc'], ['https://www.baidu.com/']],
  'crazy-egg': [['https://script.crazyegg.com/pages/scripts/0012/3456.js'], ['https://crazyegg.example.com/']],
  'mouseflow': [['https://cdn.mouseflow.com/projects/abc.js', 'https://o2.mouseflow.com/'], ['https://mouseflow.example.com/']],
  'smartlook': [['https://web-sdk.smartlook.com/recorder.js', 'https://rec.smartlook.com/rec/'], ['https://smartlook.example.com/']],
  'lucky-orange': [['https://tools.luckyorange.com/core/lo.js?site-id=abc', 'https://w1.luckyorange.com/w.js'], ['https://luckyorange.example.com/']],
  'inspectlet': [['https://cdn.inspectlet.com/inspectlet.js?wid=1'], ['https://inspect.example.com/']],
  'logrocket': [['https://cdn.lr-ingest.com/LogRocket.min.js', 'https://r.lr-ingest.io/i?a=1'], ['https://logrocket.com/']],
  'contentsquare': [['https://t.contentsquare.net/uxa/abc.js'], ['https://contentsquare.com/']],
  'new-relic': [['https://js-agent.newrelic.com/nr-loader-spa-1.250.0.min.js', 'https://bam.nr-data.net/1/abc', 'https://bam-cell.nr-data.net/events/1/abc'], ['https://newrelic.com/', 'https://docs.newrelic.com/']],
  'chartbeat': [['https://static.chartbeat.com/js/chartbeat.js', 'https://ping.chartbeat.net/ping?h=example.com'], ['https://chartbeat.example.com/']],
  'parsely': [['https://cdn.parsely.com/keys/example.com/p.js', 'https://p1.parsely.com/px/?rand=1'], ['https://parse.ly.example.com/']],
  'comscore': [['https://sb.scorecardresearch.com/beacon.js', 'https://sb.scorecardresearch.com/p?c1=2&c2=1'], ['https://www.comscore.com/']],
  'piano-analytics': [['https://logc1.xiti.com/hit.xiti?s=1', 'https://tag.aticdn.net/piano-analytics.js', 'https://logs1412.xiti.com/event'], ['https://piano.io/']],
  'optimizely': [['https://cdn.optimizely.com/js/123.js', 'https://logx.optimizely.com/v1/events'], ['https://optimizely.example.com/']],
  'vwo': [['https://dev.visualwebsiteoptimizer.com/j.php?a=1', 'https://dev.visualwebsiteoptimizer.com/lib/1.js'], ['https://vwo.com/']],
  'pendo': [['https://cdn.pendo.io/agent/static/abc/pendo.js', 'https://app.pendo.io/data/ptm.gif/abc'], ['https://pendo.example.com/']],
  'google-adsense': [['https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-1', 'https://tpc.googlesyndication.com/sodar/abc.js', 'https://adservice.google.com/adsid/integrator.js'], ['https://www.google.com/adsense/start/', 'https://fonts.googleapis.com/css2?family=Inter']],
  'meta-pixel': [['https://connect.facebook.net/en_US/fbevents.js', 'https://www.facebook.com/tr?id=123&ev=PageView&noscript=1', 'https://www.facebook.com/tr/'], ['https://www.facebook.com/plugins/post.php?href=x', 'https://facebook.example.com/tr']],
  'facebook': [['https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F20531316728%2Fposts%2F1', 'https://www.facebook.com/plugins/video.php?href=x', 'https://static.xx.fbcdn.net/rsrc.php/v3/x.js'], ['https://connect.facebook.net/en_US/sdk.js', 'https://www.facebook.com/tr?id=1', 'https://notfacebook.com/plugins/']],
  'instagram': [['https://www.instagram.com/embed.js', 'https://www.instagram.com/p/C1abcDEF/embed/captioned/', 'https://scontent.cdninstagram.com/v/t51.2885-15/abc.jpg'], ['https://instagram.example.com/embed.js']],
  'tiktok-pixel': [['https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=ABC', 'https://analytics.tiktok.com/api/v2/pixel'], ['https://www.tiktok.com/embed.js', 'https://ads.tiktok.com/']],
  'tiktok': [['https://www.tiktok.com/embed.js', 'https://www.tiktok.com/embed/v2/7123456789', 'https://www.tiktok.com/player/v1/7123456789'], ['https://www.tiktok.com/@user/video/7123456789', 'https://analytics.tiktok.com/i18n/pixel/events.js']],
  'linkedin-insight': [['https://snap.licdn.com/li.lms-analytics/insight.min.js', 'https://px.ads.linkedin.com/collect/?pid=1&fmt=gif', 'https://dc.ads.linkedin.com/collect/?pid=1'], ['https://www.linkedin.com/embed/feed/update/urn:li:share:1', 'https://static.licdn.com/aero-v1/sc/h/abc']],
  'linkedin': [['https://www.linkedin.com/embed/feed/update/urn:li:share:7123', 'https://platform.linkedin.com/in.js'], ['https://www.linkedin.com/in/someone', 'https://snap.licdn.com/li.lms-analytics/insight.min.js']],
  'x-pixel': [['https://static.ads-twitter.com/uwt.js', 'https://analytics.twitter.com/i/adsct?txn_id=1', 'https://t.co/i/adsct?txn_id=1'], ['https://t.co/abcdef', 'https://platform.twitter.com/widgets.js']],
  'x': [['https://platform.twitter.com/widgets.js', 'https://platform.twitter.com/embed/Tweet.html?id=1', 'https://syndication.twitter.com/srv/timeline-profile/screen-name/x'], ['https://twitter.com/someone', 'https://static.ads-twitter.com/uwt.js']],
  'pinterest-tag': [['https://s.pinimg.com/ct/core.js', 'https://ct.pinterest.com/v3/?tid=1'], ['https://i.pinimg.com/564x/ab/cd/ef.jpg', 'https://assets.pinterest.com/js/pinit.js']],
  'pinterest': [['https://assets.pinterest.com/js/pinit.js', 'https://widgets.pinterest.com/v3/pidgets/pins/info/?pin_ids=1'], ['https://www.pinterest.com/pin/1/', 'https://ct.pinterest.com/v3/?tid=1']],
  'snap-pixel': [['https://sc-static.net/scevent.min.js', 'https://tr.snapchat.com/p'], ['https://www.snapchat.com/', 'https://sc-static.net/other.js']],
  'reddit-pixel': [['https://www.redditstatic.com/ads/pixel.js', 'https://alb.reddit.com/rp.gif?id=t2_1', 'https://pixel-config.reddit.com/pixels/t2_1/config'], ['https://www.reddit.com/r/javascript/', 'https://www.redditstatic.com/desktop2x/img/favicon.png']],
  'reddit': [['https://embed.reddit.com/widgets.js', 'https://embed.reddit.com/r/javascript/comments/abc/x/', 'https://embed.redditmedia.com/widgets/platform.js'], ['https://www.reddit.com/r/javascript/', 'https://alb.reddit.com/rp.gif']],
  'quora-pixel': [['https://a.quora.com/qevents.js', 'https://q.quora.com/_/ad/abc/pixel?tag=ViewContent'], ['https://www.quora.com/']],
  'microsoft-ads': [['https://bat.bing.com/bat.js', 'https://bat.bing.com/action/0?ti=1'], ['https://www.bing.com/search?q=x', 'https://www.bing.com/maps/embed?h=400']],
  'criteo': [['https://static.criteo.net/js/ld/publishertag.js', 'https://dynamic.criteo.com/js/ld/ld.js?a=1', 'https://sslwidget.criteo.com/event?a=1'], ['https://criteo.example.com/']],
  'taboola': [['https://cdn.taboola.com/libtrc/publisher/loader.js', 'https://trc.taboola.com/publisher/trc/3/json'], ['https://taboola.example.com/']],
  'outbrain': [['https://widgets.outbrain.com/outbrain.js', 'https://amplify.outbrain.com/cp/obtp.js', 'https://images.outbrainimg.com/transform/v3/abc'], ['https://outbrain.example.com/']],
  'amazon-ads': [['https://c.amazon-adsystem.com/aax2/apstag.js', 'https://s.amazon-adsystem.com/iu3?d=1'], ['https://www.amazon.com/', 'https://m.media-amazon.com/images/I/abc.jpg']],
  'the-trade-desk': [['https://js.adsrvr.org/up_loader.1.1.0.js', 'https://insight.adsrvr.org/track/up?adv=1'], ['https://www.thetradedesk.com/']],
  'xandr': [['https://acdn.adnxs.com/ast/ast.js', 'https://ib.adnxs.com/ut/v3/prebid'], ['https://www.xandr.com/']],
  'pubmatic': [['https://ads.pubmatic.com/AdServer/js/pwt/1/2/pwt.js', 'https://hbopenbid.pubmatic.com/translator?source=prebid-client'], ['https://pubmatic.example.com/']],
  'magnite': [['https://fastlane.rubiconproject.com/a/api/fastlane.json', 'https://micro.rubiconproject.com/prebid/dynamic/1.js'], ['https://www.magnite.com/']],
  'openx': [['https://rtb.openx.net/openrtbb/prebidjs', 'https://u.openx.net/w/1.0/pd'], ['https://www.openx.com/']],
  'index-exchange': [['https://js-sec.indexww.com/ht/p/123-456.js', 'https://htlb.casalemedia.com/cygnus?v=7'], ['https://www.indexexchange.com/']],
  'adroll': [['https://s.adroll.com/j/ABC/roundtrip.js', 'https://d.adroll.com/pixel/ABC/DEF'], ['https://adroll.example.com/']],
  'quantcast': [['https://secure.quantserve.com/quant.js', 'https://pixel.quantserve.com/pixel/p-1.gif', 'https://rules.quantcount.com/rules-p-1.js'], ['https://www.quantcast.com/']],
  'yahoo-ads': [['https://sp.analytics.yahoo.com/sp.pl?a=1', 'https://ads.yahoo.com/pixel?id=1'], ['https://www.yahoo.com/', 'https://news.yahoo.com/']],
  'adobe-audience-manager': [['https://dpm.demdex.net/id?d_visid_ver=5', 'https://cm.everesttech.net/cm/dd?d_uuid=1'], ['https://www.adobe.com/']],
  'hubspot': [['https://js.hs-scripts.com/123.js', 'https://js.hs-analytics.net/analytics/1/123.js', 'https://js.hsadspixel.net/fb.js', 'https://track.hubspot.com/__ptq.gif?a=1', 'https://js.hscollectedforms.net/collectedforms.js'], ['https://www.hubspot.com/', 'https://knowledge.hubspot.com/']],
  'klaviyo': [['https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=ABC', 'https://a.klaviyo.com/client/events/'], ['https://klaviyo.example.com/']],
  'mailchimp': [['https://chimpstatic.com/mcjs-connected/js/users/abc/def.js'], ['https://mailchimp.com/', 'https://us1.list-manage.com/subscribe']],
  'awin': [['https://www.dwin1.com/12345.js', 'https://www.awin1.com/sread.img?tt=ns'], ['https://www.awin.com/']],
  'vk-pixel': [['https://vk.com/rtrg?p=VK-RTRG-1', 'https://top-fwz1.mail.ru/js/code.js'], ['https://vk.com/id1', 'https://mail.ru/']],
  'addthis': [['https://s7.addthis.com/js/300/addthis_widget.js#pubid=ra-1'], ['https://addthis.example.com/']],
  'sharethis': [['https://platform-api.sharethis.com/js/sharethis.js#property=1', 'https://l.sharethis.com/log?event=pview'], ['https://sharethis.example.com/']],
  'disqus': [['https://example.disqus.com/embed.js', 'https://c.disquscdn.com/next/embed/lounge.load.js', 'https://disqus.com/embed/comments/?base=default'], ['https://disqus.example.com/embed.js']],
  'youtube': [['https://www.youtube.com/embed/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'https://www.youtube.com/iframe_api', 'https://www.youtube.com/player_api'], ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg', 'https://youtube.com.example.net/embed/x']],
  'vimeo': [['https://player.vimeo.com/video/76979871', 'https://player.vimeo.com/api/player.js'], ['https://vimeo.com/76979871', 'https://i.vimeocdn.com/video/1.jpg']],
  'dailymotion': [['https://www.dailymotion.com/embed/video/x8abcd', 'https://geo.dailymotion.com/player.html?video=x8abcd'], ['https://www.dailymotion.com/video/x8abcd']],
  'wistia': [['https://fast.wistia.com/embed/medias/abc.jsonp', 'https://fast.wistia.net/embed/iframe/abc', 'https://fast.wistia.com/assets/external/E-v1.js'], ['https://wistia.example.com/']],
  'twitch': [['https://player.twitch.tv/?channel=x&parent=example.com', 'https://embed.twitch.tv/embed/v1.js', 'https://clips.twitch.tv/embed?clip=x&parent=example.com'], ['https://www.twitch.tv/x']],
  'google-maps': [['https://www.google.com/maps/embed?pb=!1m18!1m12', 'https://maps.googleapis.com/maps/api/js?key=KEY&callback=init', 'https://maps.google.com/maps?q=Berlin&output=embed'], ['https://www.google.com/search?q=maps', 'https://www.google.com/recaptcha/api.js', 'https://fonts.googleapis.com/css2?family=Roboto']],
  'bing-maps': [['https://www.bing.com/maps/embed?h=400&w=500&cp=1~2'], ['https://www.bing.com/search?q=maps', 'https://bat.bing.com/bat.js']],
  'mapbox': [['https://api.mapbox.com/styles/v1/mapbox/streets-v12/tiles/1/1/1', 'https://api.mapbox.com/mapbox-gl-js/v3.0.0/mapbox-gl.js', 'https://events.mapbox.com/events/v2'], ['https://www.mapbox.com/', 'https://tile.openstreetmap.org/1/1/1.png']],
  'spotify': [['https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC', 'https://embed.spotify.com/?uri=spotify:track:1'], ['https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC']],
  'soundcloud': [['https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1', 'https://w.soundcloud.com/player/api.js'], ['https://soundcloud.com/artist/track']],
  'apple-music': [['https://embed.music.apple.com/us/album/x/1', 'https://embed.podcasts.apple.com/us/podcast/x/id1'], ['https://music.apple.com/us/album/x/1', 'https://www.apple.com/']],
  'mixcloud': [['https://player-widget.mixcloud.com/widget/iframe/?feed=%2Fx%2Fy%2F', 'https://www.mixcloud.com/widget/iframe/?feed=x'], ['https://www.mixcloud.com/x/y/']],
  'calendly': [['https://assets.calendly.com/assets/external/widget.js', 'https://calendly.com/someone/30min?embed_domain=example.com'], ['https://calendly.example.com/']],
  'typeform': [['https://embed.typeform.com/next/embed.js', 'https://form.typeform.com/to/abcd'], ['https://typeform.example.com/']],
  'google-calendar': [['https://calendar.google.com/calendar/embed?src=x%40group.calendar.google.com'], ['https://calendar.google.com/calendar/u/0/r', 'https://www.google.com/calendar']],
  'intercom': [['https://widget.intercom.io/widget/abc', 'https://js.intercomcdn.com/frame-modern.abc.js', 'https://api-iam.intercom.io/messenger/web/ping'], ['https://intercom.example.com/']],
  'zendesk-chat': [['https://static.zdassets.com/ekr/snippet.js?key=abc', 'https://v2.zopim.com/?abc'], ['https://www.zendesk.com/']],
  'drift': [['https://js.driftt.com/include/1/abc.js', 'https://customer.api.drift.com/x'], ['https://drift.example.com/']],
  'tawk': [['https://embed.tawk.to/abc/default', 'https://va.tawk.to/log-performance/v3'], ['https://tawk.example.com/']],
  'crisp': [['https://client.crisp.chat/l.js', 'https://client.relay.crisp.chat/socket.io/'], ['https://crisp.example.com/']],
  'livechat': [['https://cdn.livechatinc.com/tracking.js', 'https://api.livechatinc.com/v3.5/customer/action/x'], ['https://www.livechat.com/']],
};

describe('services list', () => {
  it('has at least 60 services with unique ids', () => {
    expect(SERVICES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SERVICES.map((s) => s.id)).size).toBe(SERVICES.length);
  });

  it('covers analytics, advertising, social and embeds', () => {
    const by = (c: Service['category']) => SERVICES.filter((s) => s.category === c).length;
    expect(by('analytics')).toBeGreaterThanOrEqual(20);
    expect(by('marketing')).toBeGreaterThanOrEqual(20);
    expect(by('functional')).toBeGreaterThanOrEqual(10);
  });

  it('has real URLs and neighbours for every service', () => {
    expect(Object.keys(URLS).sort()).toEqual(SERVICES.map((s) => s.id).sort());
  });

  it('names only listed services as Consent Mode tags', () => {
    for (const id of CONSENT_MODE_SERVICES) expect(SERVICES.some((s) => s.id === id)).toBe(true);
  });

  it('has plain patterns in the sources syntax (no /regex/: hosts are looked up, never scanned)', () => {
    for (const s of SERVICES) for (const p of s.patterns) expect(p).toMatch(/^[a-z\d-]+(\.[a-z\d-]+)+(\/\S*)?$/);
  });

  for (const s of SERVICES) {
    const [yes, no] = URLS[s.id] ?? [[], []];
    it(`${s.id}: matches its URLs, not its neighbours`, () => {
      expect(yes.length).toBeGreaterThan(0);
      expect(no.length).toBeGreaterThan(0);
      for (const url of yes) expect(matchService(url)?.id, url).toBe(s.id);
      for (const url of no) expect(matchService(url)?.id, url).not.toBe(s.id);
    });
  }

  it('matches nothing for first-party, relative and non-http URLs', () => {
    for (const url of ['https://example.com/app.js', '/tr', 'data:text/javascript,1', 'blob:https://example.com/1', 'not a url']) expect(matchService(url)).toBeUndefined();
  });
});
