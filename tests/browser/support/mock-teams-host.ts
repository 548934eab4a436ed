/**
 * A same-origin stand-in for the Teams web client: it frames the tab and answers the teams-js v2 postMessage
 * calls the tab makes (initialize with a runtime config, getContext, authentication.getAuthToken) and can push a
 * theme change. teams-js accepts replies from its own origin, so this runs offline. Query parameters: `theme`
 * (default|dark|contrast), `token`, `subPageId`, `locale`; for a meeting tab `view` (the tab's `?view=`),
 * `pairing`, `frameContext` (sidePanel, settings …) and `chatId` (the meeting's chat thread).
 */
export function mockTeamsHostPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mock Teams host</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body>
<script>
  const params = new URLSearchParams(location.search);
  const runtime = {
    apiVersion: 4,
    isLegacyTeams: false,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    supports: {
      app: {}, appInstallDialog: {}, chat: {}, teamsCore: {},
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {}, currentApp: {} },
      dialog: { card: {}, url: {} },
    },
  };
  const frame = document.createElement('iframe');
  frame.title = 'Pairwise';
  const tabQuery = new URLSearchParams();
  for (const key of ['view', 'pairing']) if (params.get(key)) tabQuery.set(key, params.get(key));
  frame.src = '/' + (tabQuery.size ? '?' + tabQuery : '') + (params.get('hash') ? '#/' + params.get('hash') : '');
  window.__hostLog = [];
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    const m = event.data || {};
    window.__hostLog.push(m.func);
    const reply = (args) => frame.contentWindow.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, location.origin);
    switch (m.func) {
      case 'initialize':
        reply([params.get('frameContext') || 'content', 'web', JSON.stringify(runtime), '2.58.0']);
        break;
      case 'getContext':
        reply([{
          locale: params.get('locale') || 'en-US', theme: params.get('theme') || 'default',
          loginHint: 'megan@contoso.example', userPrincipalName: 'megan@contoso.example', userObjectId: 'u-1',
          tid: '00000000-0000-4000-8000-000000000001', entityId: 'my-mentoring', subEntityId: params.get('subPageId') || '',
          frameContext: params.get('frameContext') || 'content',
          ...(params.get('chatId') ? { chatId: params.get('chatId'), meetingId: btoa('0#' + params.get('chatId') + '#0') } : {}),
          hostClientType: 'web', hostName: 'Teams', appSessionId: 'session-1', userDisplayName: 'Megan',
        }]);
        break;
      case 'authentication.getAuthToken':
        reply([true, params.get('token') || 'teams-sso-token']);
        break;
      case 'settings.setValidityState':
        window.__validity = (window.__validity || []).concat(m.args && m.args[0]);
        break;
      case 'settings.setSettings':
        window.__savedSettings = m.args && m.args[0];
        reply([true]);
        break;
      case 'executeDeepLink':
        reply([true]);
        break;
      default:
        break;
    }
  });
  // Teams' Save button on a configurable tab's settings page.
  window.pressSave = () => frame.contentWindow.postMessage({ func: 'settings.save', args: [{}] }, location.origin);
  window.setTeamsTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, location.origin);
  document.body.appendChild(frame);
</script>
</body></html>`;
}

/** A page that frames the tab but never answers teams-js (an intranet portal, a preview pane). */
export function nonTeamsFramePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not Teams</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body><iframe title="Pairwise" src="/"></iframe></body></html>`;
}
