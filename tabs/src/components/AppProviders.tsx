import {
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
  tokens,
} from '@fluentui/react-components';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';

import { type EmployeeApi } from '../api/employee-api';
import { type HttpDeps } from '../api/http';
import { type HostContext, type ThemeName } from '../host/host-context';
import { createI18n, I18nProvider } from '../i18n/i18n';

const themes: Record<ThemeName, Theme> = {
  light: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

export function themeFor(name: ThemeName): Theme {
  return themes[name];
}

// The tab fills its frame (Teams, Outlook) edge to edge.
const useStaticStyles = makeStaticStyles({ body: { margin: 0 } });

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
});

export interface Services {
  host: HostContext;
  http: HttpDeps;
  employee: EmployeeApi;
}

const ServicesContext = createContext<Services | null>(null);
const ThemeContext = createContext<Theme>(teamsLightTheme);

/** The current Fluent theme object, for the few places that need real colour values (chart scales). */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside AppProviders');
  return services;
}

/** One FluentProvider for the whole tab; its theme follows the host live (Teams settings or the OS). */
export function AppProviders({
  host,
  services,
  children,
}: {
  host: HostContext;
  services: Services | null;
  children: ReactNode;
}) {
  useStaticStyles();
  const styles = useStyles();
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  useEffect(() => {
    setTheme(host.theme);
    return host.onThemeChange(setTheme);
  }, [host]);
  const i18n = useMemo(() => createI18n(host.locale, host.timeZone), [host.locale, host.timeZone]);
  useEffect(() => {
    document.documentElement.lang = i18n.locale;
  }, [i18n.locale]);
  return (
    // The background lives on an inner div: FluentProvider copies its className onto portal mount nodes
    // (popovers, chart callouts), which would then cover the page.
    <FluentProvider theme={themes[theme]}>
      <div className={styles.root} data-theme={theme}>
        <I18nProvider value={i18n}>
          <ThemeContext.Provider value={themes[theme]}>
            <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>
          </ThemeContext.Provider>
        </I18nProvider>
      </div>
    </FluentProvider>
  );
}
