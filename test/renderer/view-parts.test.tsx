import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { CheckFilter } from '../../renderer/src/components/check-filter.tsx';
import { DetailPane } from '../../renderer/src/components/detail-pane.tsx';
import { ListViewFrame } from '../../renderer/src/components/list-view-frame.tsx';
import { MissingDetail } from '../../renderer/src/components/missing-detail.tsx';
import { SegmentedControl } from '../../renderer/src/components/segmented-control.tsx';

// The shared view parts must render exactly the markup the views wrote inline before: the
// stylesheet and the end-to-end tests select on these classes, roles and test ids.
const html = (element: ReactElement) => renderToStaticMarkup(element);
const noop = () => {};

describe('shared view parts', () => {
  it('ListViewFrame: header with title, count and controls, then list and detail', () => {
    expect(
      html(
        <ListViewFrame title="Leases" count="3" controls={<button>x</button>} detail={<aside />}>
          <table />
        </ListViewFrame>,
      ),
    ).toBe(
      html(
        <div className="view">
          <div className="view-header">
            <h1>Leases</h1>
            <span className="view-count" data-testid="view-count">
              3
            </span>
            <button>x</button>
          </div>
          <div className="view-body">
            <div className="list-area">
              <table />
            </div>
            <aside />
          </div>
        </div>,
      ),
    );
  });

  it('ListViewFrame: an extra list class is added to list-area', () => {
    expect(
      html(
        <ListViewFrame title="Rooms" count="1" listClassName="rooms-list" detail={null}>
          <table />
        </ListViewFrame>,
      ),
    ).toContain('<div class="list-area rooms-list"><table></table></div>');
  });

  it('SegmentedControl: a radio group with the chosen button on', () => {
    expect(
      html(
        <SegmentedControl
          label="Source"
          options={[
            { value: 'all', label: 'all' },
            { value: 'operator', label: 'operator' },
          ]}
          value="operator"
          onChange={noop}
        />,
      ),
    ).toBe(
      html(
        <div className="segmented" role="radiogroup" aria-label="Source">
          <button type="button" role="radio" aria-checked={false}>
            all
          </button>
          <button type="button" role="radio" aria-checked={true} className="on">
            operator
          </button>
        </div>,
      ),
    );
  });

  it('CheckFilter: a checkbox with its words after a space', () => {
    expect(
      html(
        <CheckFilter checked onChange={noop}>
          stale
        </CheckFilter>,
      ),
    ).toBe(
      html(
        <label className="check">
          <input type="checkbox" checked onChange={noop} /> stale
        </label>,
      ),
    );
  });

  it('MissingDetail: says the record is not in the model', () => {
    expect(html(<MissingDetail noun="Lease" ref={null} onClose={noop} />)).toBe(
      html(
        <DetailPane ref={null} title="Lease" onClose={noop}>
          <p className="dim">This lease is not in the model.</p>
        </DetailPane>,
      ),
    );
  });
});
