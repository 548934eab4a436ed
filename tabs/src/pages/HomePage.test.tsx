import '../testing/jsdom-polyfills';

import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';

import { createFakeHost } from '../host/fake-host';
import { loadMessages } from '../i18n/catalogs';
import { circlesProgram, fakeFetch, meResponse, programs } from '../testing/fixtures';
import { renderWithServices } from '../testing/render';
import { HomePage } from './HomePage';

/** The programs open to me: Growth peers (pairs) and Network circles (circles of about four). */
const api = (enrolled: string[] = []) =>
  fakeFetch({
    'GET programs': () => ({ status: 200, body: { programs: [...programs.programs, circlesProgram] } }),
    'PUT programs/circles/enrollment': ({ body }) => {
      enrolled.push(JSON.stringify(body));
      return {
        status: 201,
        body: {
          programId: 'circles',
          programName: 'Network circles',
          status: 'active',
          pausedUntil: null,
          preferences: body,
          enrolledAt: '2030-03-01T09:00:00.000Z',
          updatedAt: '2030-03-01T09:00:00.000Z',
          etag: '"1"',
        },
      };
    },
  });

/** The page with its route kept as the app keeps it (navigating re-renders it). */
function Routed({ start }: { start: string }) {
  const [route, setRoute] = useState(start);
  return <HomePage me={meResponse()} reloadMe={() => undefined} route={route} navigate={setRoute} />;
}

function renderHome(route: string, host = createFakeHost(), enrolled: string[] = []) {
  renderWithServices(<Routed start={route} />, api(enrolled), host);
}

describe('HomePage: programs that meet in circles', () => {
  it('the program cards say which program meets in circles, and of about how many', async () => {
    renderHome('');
    const circles = (await screen.findByRole('heading', { name: 'Network circles' })).closest(
      '.fui-Card',
    ) as HTMLElement;
    expect(within(circles).getByText('In circles of about 4 people')).toBeTruthy();
    const pairs = screen.getByRole('heading', { name: 'Growth peers' }).closest('.fui-Card') as HTMLElement;
    expect(within(pairs).queryByText(/circles of about/)).toBeNull();
  });

  it('joining a circle program says before anything is asked that I will meet a circle, not one peer', async () => {
    const enrolled: string[] = [];
    renderHome('join/circles', createFakeHost(), enrolled);
    const note = await screen.findByTestId('join-circle');
    expect(note.textContent).toBe(
      'A circle, not a pair In Network circles you meet in a circle of about 4 people — you and 3 colleagues — ' +
        'rather than with one peer. Everyone in it is a good fit for everyone else, and you all meet together in ' +
        'one recurring session.',
    );
    // The private list speaks of a circle too.
    expect(
      screen.getByRole('combobox', { name: /^Anyone you would rather not share a circle with/ }),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    // Back on the home page, the promise is a circle's.
    expect(
      await screen.findByText('You are in. We will place you in a circle at the next round.'),
    ).toBeTruthy();
    expect(enrolled).toHaveLength(1);
  });

  it('joining a pairs program says nothing about circles', async () => {
    renderHome('join/growth');
    await screen.findByRole('form', { name: 'Join Growth peers' });
    expect(screen.queryByTestId('join-circle')).toBeNull();
    expect(
      screen.getByRole('combobox', { name: /^Anyone you would rather not be paired with/ }),
    ).toBeTruthy();
  });

  it('says it in German, with the circle’s size', async () => {
    await loadMessages('de');
    renderHome('join/circles', createFakeHost({ locale: 'de-DE' }));
    const note = await screen.findByTestId('join-circle');
    expect(note.textContent).toContain('Ein Kreis statt eines Paars');
    expect(note.textContent).toContain(
      'In Network circles treffen Sie nicht einen einzelnen Peer, sondern einen Kreis von etwa 4 Personen – Sie und 3 Kolleginnen und Kollegen.',
    );
  });
});
