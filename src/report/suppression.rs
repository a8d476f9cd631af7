//! `--min-count K`: hide every count from 1 to K-1, then hide enough others (secondary
//! suppression) that no hidden small count can be worked out from the totals that are shown.
//!
//! A report's counts are cells; every total gives an equation `total = Σ members` (a "line").
//! A reader can work a hidden count out in two ways, and the loop in [`suppress`] hides more
//! counts, a round at a time, until neither works for any small count:
//!
//! - **Exactly, from the equations**: a hidden count is pinned when the equations over the
//!   hidden cells determine it. The classic rule (a line with one hidden cell) is checked first
//!   and cheaply; the full test finds bridges in the graph of lines, or eliminates when a report
//!   is not graph-shaped.
//! - **From bounds**: counts are never negative, `<K` is 1 to K-1 and an `x` is 0 or at least
//!   K, so `<3` beside an `x` in a line that leaves 4 for both can only be 1. Bounds are
//!   propagated through the lines to find such squeezes.
//!
//! Totals of distinct people are not exact sums (a person may fall in several groups); treating
//! them as equations only ever hides more. Some counts are given away by the labels alone,
//! whatever else is hidden (with K = 2, `<2` can only be 1); those are left as they are rather
//! than hiding the whole report.

use std::collections::HashMap;

use super::{Report, Value};

/// One equation: the cell `total` is the sum of the `members` cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub total: usize,
    pub members: Vec<usize>,
}

impl Line {
    /// The total and its members.
    pub fn cells(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.total).chain(self.members.iter().copied())
    }
}

/// What became of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    Shown,
    /// A count from 1 to K-1 (primary suppression).
    Small,
    /// Hidden to protect a small count (secondary suppression).
    Withheld,
}

/// Decides which cells to hide. `hidden` cells are never shown (a count the report implies but
/// has no column for); they are protected like the others when small.
pub fn suppress(
    values: &[u64],
    hidden: &[bool],
    lines: &[Line],
    min_count: u64,
) -> Vec<Protection> {
    let is_small = |cell: usize| (1..min_count).contains(&values[cell]);
    let lines_of = lines_by_cell(values.len(), lines);
    let mut outcome: Vec<Protection> = (0..values.len())
        .map(|cell| {
            if !hidden[cell] && is_small(cell) {
                Protection::Small
            } else {
                Protection::Shown
            }
        })
        .collect();
    let mut unknown: Vec<bool> = (0..values.len())
        .map(|cell| hidden[cell] || outcome[cell] != Protection::Shown)
        .collect();
    // What would still give a count away with every count hidden, the labels alone do (`<2` is
    // 1; two `<3` under a `<3` total are 1 + 1 = 2). Hiding more cannot help those, and chasing
    // them would hide the whole report, so they are left to the choice of K.
    let everything_hidden: Vec<Protection> = (0..values.len())
        .map(|cell| {
            if is_small(cell) {
                Protection::Small
            } else {
                Protection::Withheld
            }
        })
        .collect();
    let beyond_help = pinned_by_bounds(values, hidden, &everything_hidden, lines, min_count);
    loop {
        protect_lone_cells(
            values,
            lines,
            &lines_of,
            min_count,
            &mut outcome,
            &mut unknown,
        );
        let determined = determined_cells(values.len(), lines, &unknown);
        let bounded = pinned_by_bounds(values, hidden, &outcome, lines, min_count);
        // A count the totals pin exactly is always protected; only what the labels alone give
        // away (bounds that hold whatever is hidden) is left to the choice of K.
        let targets = (0..values.len()).filter(|&cell| {
            is_small(cell) && (determined[cell] || (bounded[cell] && !beyond_help[cell]))
        });
        // Protect every target found in this round, but with one complement per line, so a
        // large table needs few rounds and the next round re-checks what one complement fixed.
        let mut lines_used = vec![false; lines.len()];
        let mut progressed = false;
        for target in targets.collect::<Vec<_>>() {
            let Some((line, cell)) = complement_for(target, values, lines, &lines_of, &unknown)
            else {
                continue;
            };
            if lines_used[line] {
                continue;
            }
            lines_used[line] = true;
            outcome[cell] = Protection::Withheld;
            unknown[cell] = true;
            progressed = true;
        }
        if !progressed {
            // Everything around the targets is hidden; only inexact totals could still "pin" them.
            break;
        }
    }
    outcome
}

/// The lines each cell appears in.
fn lines_by_cell(cell_count: usize, lines: &[Line]) -> Vec<Vec<usize>> {
    let mut lines_of = vec![Vec::new(); cell_count];
    for (index, line) in lines.iter().enumerate() {
        for cell in line.cells() {
            lines_of[cell].push(index);
        }
    }
    lines_of
}

/// The classic rule, cheaply and first: a line whose one unknown is small gives it away, so
/// hide the smallest other count of that line, and re-check the lines that count is in.
fn protect_lone_cells(
    values: &[u64],
    lines: &[Line],
    lines_of: &[Vec<usize>],
    min_count: u64,
    outcome: &mut [Protection],
    unknown: &mut [bool],
) {
    let mut to_check: Vec<usize> = (0..lines.len()).collect();
    while let Some(index) = to_check.pop() {
        let line = &lines[index];
        let mut unknowns = line.cells().filter(|&cell| unknown[cell]);
        let (Some(lone), None) = (unknowns.next(), unknowns.next()) else {
            continue;
        };
        if !(1..min_count).contains(&values[lone]) {
            continue;
        }
        let Some(cell) = smallest_shown(line, values, unknown) else {
            continue;
        };
        outcome[cell] = Protection::Withheld;
        unknown[cell] = true;
        to_check.extend(&lines_of[cell]);
    }
}

/// The shown cell of a line that costs the report least to hide: the smallest non-zero count
/// (a hidden zero that a reader can bound to 0 protects nothing), else a zero.
fn smallest_shown(line: &Line, values: &[u64], unknown: &[bool]) -> Option<usize> {
    line.cells()
        .filter(|&cell| !unknown[cell])
        .min_by_key(|&cell| (values[cell] == 0, values[cell], cell))
}

/// The shown cell to hide next to protect `target`: in the line through it with the fewest
/// unknowns (the one that gives it away most directly) that still shows a non-zero count, the
/// cheapest one to hide.
fn complement_for(
    target: usize,
    values: &[u64],
    lines: &[Line],
    lines_of: &[Vec<usize>],
    unknown: &[bool],
) -> Option<(usize, usize)> {
    let unknowns_in = |line: &Line| line.cells().filter(|&cell| unknown[cell]).count();
    let has_shown = |line: &&Line| line.cells().any(|cell| !unknown[cell]);
    let mut through_target: Vec<usize> = lines_of[target]
        .iter()
        .copied()
        .filter(|&index| has_shown(&&lines[index]))
        .collect();
    // A hidden 0 adds no slack when the line leaves room for nothing else, so lines that still
    // show a non-zero count come first.
    let only_zeros_shown =
        |line: &Line| !line.cells().any(|cell| !unknown[cell] && values[cell] > 0);
    through_target.sort_by_key(|&index| {
        let line = &lines[index];
        (only_zeros_shown(line), unknowns_in(line), index)
    });
    // When every line through the target is hidden, it is pinned through a neighbouring line.
    let index = through_target.first().copied().or_else(|| {
        lines
            .iter()
            .position(|line| line.cells().any(|cell| unknown[cell]) && has_shown(&line))
    })?;
    smallest_shown(&lines[index], values, unknown).map(|cell| (index, cell))
}

/// Large enough to stand for "no upper bound" while sums of a few of them cannot overflow.
const UNBOUNDED: i128 = 1_000_000_000_000;

/// For each cell: true when what a reader knows of the hidden cells' ranges (never negative,
/// `<K` is 1 to K-1, `x` is 0 or at least K) squeezes it, through the lines, to one value that its
/// own label did not already give away (with K = 2, `<2` can only mean 1 whatever we do).
pub fn pinned_by_bounds(
    values: &[u64],
    hidden: &[bool],
    outcome: &[Protection],
    lines: &[Line],
    min_count: u64,
) -> Vec<bool> {
    let k = i128::from(min_count);
    let (mut low, mut high): (Vec<i128>, Vec<i128>) = (0..values.len())
        .map(|cell| {
            let value = i128::from(values[cell]);
            match (hidden[cell], outcome[cell]) {
                (true, _) => (0, UNBOUNDED),
                (false, Protection::Shown) => (value, value),
                (false, Protection::Small) => (1, k - 1),
                // An `x` is 0 or at least K; the gap is applied as bounds narrow, below.
                (false, Protection::Withheld) => (0, UNBOUNDED),
            }
        })
        .unzip();
    let already_a_point: Vec<bool> = low.iter().zip(&high).map(|(l, h)| l == h).collect();
    let not_small: Vec<bool> = outcome
        .iter()
        .zip(hidden)
        .map(|(protection, &hidden)| !hidden && *protection == Protection::Withheld)
        .collect();
    // Each line as `Σ coefficient × cell = 0`: members +1, the total -1.
    let terms: Vec<Vec<(i128, usize)>> = lines
        .iter()
        .map(|line| {
            std::iter::once((-1, line.total))
                .chain(line.members.iter().map(|&member| (1, member)))
                .collect()
        })
        .collect();
    for _round in 0..100 {
        let mut changed = false;
        for line in &terms {
            let term_range = |(coefficient, cell): (i128, usize), low: &[i128], high: &[i128]| {
                if coefficient > 0 {
                    (low[cell], high[cell])
                } else {
                    (-high[cell], -low[cell])
                }
            };
            // The sums go stale as cells narrow below; stale means wider, which is still true,
            // and the next round starts from fresh sums.
            let (sum_low, sum_high) = line.iter().fold((0, 0), |(sl, sh), &term| {
                let (l, h) = term_range(term, &low, &high);
                (sl + l, sh + h)
            });
            for &(coefficient, cell) in line {
                let (own_low, own_high) = term_range((coefficient, cell), &low, &high);
                // coefficient × cell = -(the others), whose range is known.
                let (others_low, others_high) = (sum_low - own_low, sum_high - own_high);
                let (term_low, term_high) = (-others_high, -others_low);
                let (new_low, new_high) = if coefficient > 0 {
                    (term_low, term_high)
                } else {
                    (-term_high, -term_low)
                };
                // Inexact totals can make the lines contradict each other; never narrow past a point.
                if new_low > low[cell] && new_low <= high[cell] {
                    low[cell] = new_low;
                    changed = true;
                }
                if new_high < high[cell] && new_high >= low[cell] {
                    high[cell] = new_high;
                    changed = true;
                }
                // An `x` above 0 is at least K, and one below K is 0.
                if not_small[cell] {
                    if (1..k).contains(&low[cell]) && k <= high[cell] {
                        low[cell] = k;
                        changed = true;
                    }
                    if (1..k).contains(&high[cell]) && low[cell] <= 0 {
                        high[cell] = 0;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    (0..values.len())
        .map(|cell| !already_a_point[cell] && low[cell] == high[cell])
        .collect()
}

/// For each cell: true when it is unknown and yet the lines determine its value exactly.
pub fn determined_cells(cell_count: usize, lines: &[Line], unknown: &[bool]) -> Vec<bool> {
    if let Some(determined) = determined_by_bridges(cell_count, lines, unknown) {
        return determined;
    }
    let unknown_count = unknown.iter().filter(|&&u| u).count();
    if unknown_count.saturating_mul(lines.len()) > DENSE_LIMIT {
        // Too large to eliminate densely: call every unknown small count determined, which only
        // ever hides more, until everything around the small counts is hidden.
        return unknown.to_vec();
    }
    determined_by_elimination(cell_count, lines, unknown)
}

/// The largest system (unknowns × lines) solved densely, about a second of work.
const DENSE_LIMIT: usize = 4_000_000;

/// The fast, exact path for crosstabs and single columns. When every unknown lies in at most two
/// lines and the lines can be signed so that each unknown enters its two lines with opposite
/// signs, the equations are those of flows in a graph: lines are vertices, unknowns are edges,
/// and an unknown in a single line is an edge to a "ground" vertex where flow may enter or leave.
/// A value is then determined exactly when its edge is a bridge, on no cycle. `None` otherwise.
fn determined_by_bridges(cell_count: usize, lines: &[Line], unknown: &[bool]) -> Option<Vec<bool>> {
    let ground = lines.len();
    let mut ends: Vec<Vec<(usize, i8)>> = vec![Vec::new(); cell_count];
    for (index, line) in lines.iter().enumerate() {
        if unknown[line.total] {
            ends[line.total].push((index, -1));
        }
        for &member in &line.members {
            if unknown[member] {
                ends[member].push((index, 1));
            }
        }
    }
    let mut adjacency: Vec<Vec<(usize, usize)>> = vec![Vec::new(); lines.len() + 1];
    for (cell, cell_ends) in ends.iter().enumerate() {
        match cell_ends.as_slice() {
            [] => {}
            [(line, _)] => {
                adjacency[*line].push((ground, cell));
                adjacency[ground].push((*line, cell));
            }
            [(first, _), (second, _)] => {
                adjacency[*first].push((*second, cell));
                adjacency[*second].push((*first, cell));
            }
            _ => return None,
        }
    }
    // Sign the lines so each edge leaves one line and enters the other; a conflict means cycles
    // whose signs do not cancel, which the graph picture does not cover.
    let coefficient = |cell: usize, line: usize| {
        ends[cell]
            .iter()
            .find(|(index, _)| *index == line)
            .map_or(0, |(_, sign)| *sign)
    };
    let mut sign = vec![0i8; lines.len()];
    for start in 0..lines.len() {
        if sign[start] != 0 {
            continue;
        }
        sign[start] = 1;
        let mut stack = vec![start];
        while let Some(vertex) = stack.pop() {
            for &(other, cell) in &adjacency[vertex] {
                if other == ground {
                    continue;
                }
                let required = -sign[vertex] * coefficient(cell, vertex) * coefficient(cell, other);
                if sign[other] == 0 {
                    sign[other] = required;
                    stack.push(other);
                } else if sign[other] != required {
                    return None;
                }
            }
        }
    }
    Some(bridges(&adjacency, cell_count))
}

/// Tarjan's bridge finding, iterative so that a table with many rows cannot overflow the stack.
/// Parallel edges form cycles, so only the edge a vertex was reached by is skipped.
fn bridges(adjacency: &[Vec<(usize, usize)>], edge_count: usize) -> Vec<bool> {
    const UNSEEN: usize = usize::MAX;
    let mut discovered = vec![UNSEEN; adjacency.len()];
    let mut low = vec![0; adjacency.len()];
    let mut is_bridge = vec![false; edge_count];
    let mut clock = 0;
    for root in 0..adjacency.len() {
        if discovered[root] != UNSEEN {
            continue;
        }
        discovered[root] = clock;
        low[root] = clock;
        clock += 1;
        // (vertex, edge it was reached by, next neighbour to visit)
        let mut stack = vec![(root, UNSEEN, 0)];
        while let Some(&(vertex, via, next)) = stack.last() {
            if let Some(&(other, edge)) = adjacency[vertex].get(next) {
                stack.last_mut().expect("the stack is not empty").2 += 1;
                if edge == via {
                    continue;
                }
                if discovered[other] == UNSEEN {
                    discovered[other] = clock;
                    low[other] = clock;
                    clock += 1;
                    stack.push((other, edge, 0));
                } else {
                    low[vertex] = low[vertex].min(discovered[other]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    low[parent] = low[parent].min(low[vertex]);
                    if low[vertex] > discovered[parent] {
                        is_bridge[via] = true;
                    }
                }
            }
        }
    }
    is_bridge
}

/// The general path: Gauss-Jordan elimination of the lines restricted to the unknown cells; an
/// unknown is determined when its pivot row has no other non-zero entry. Coefficients are 0 and ±1, so
/// floating point with a tolerance is exact enough for report-sized systems.
fn determined_by_elimination(cell_count: usize, lines: &[Line], unknown: &[bool]) -> Vec<bool> {
    let columns: Vec<usize> = (0..cell_count).filter(|&cell| unknown[cell]).collect();
    let column_of: HashMap<usize, usize> = columns
        .iter()
        .enumerate()
        .map(|(column, &cell)| (cell, column))
        .collect();
    let mut matrix: Vec<Vec<f64>> = lines
        .iter()
        .map(|line| {
            let mut row = vec![0.0; columns.len()];
            if let Some(&column) = column_of.get(&line.total) {
                row[column] -= 1.0;
            }
            for member in &line.members {
                if let Some(&column) = column_of.get(member) {
                    row[column] += 1.0;
                }
            }
            row
        })
        .filter(|row| row.iter().any(|&value| value != 0.0))
        .collect();
    const EPSILON: f64 = 1e-9;
    let mut pivots: Vec<(usize, usize)> = Vec::new();
    let mut next_row = 0;
    for column in 0..columns.len() {
        let Some(found) = (next_row..matrix.len()).find(|&row| matrix[row][column].abs() > EPSILON)
        else {
            continue;
        };
        matrix.swap(next_row, found);
        let pivot = matrix[next_row][column];
        for value in &mut matrix[next_row] {
            *value /= pivot;
        }
        let pivot_row = matrix[next_row].clone();
        for (row, values) in matrix.iter_mut().enumerate() {
            let factor = values[column];
            if row != next_row && factor.abs() > EPSILON {
                for (value, pivot_value) in values.iter_mut().zip(&pivot_row) {
                    *value -= factor * pivot_value;
                }
            }
        }
        pivots.push((next_row, column));
        next_row += 1;
    }
    let mut determined = vec![false; cell_count];
    for (row, column) in pivots {
        let non_zero = matrix[row]
            .iter()
            .filter(|value| value.abs() > EPSILON)
            .count();
        if non_zero == 1 {
            determined[columns[column]] = true;
        }
    }
    determined
}

/// Where a suppression cell sits in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// Row, column.
    Row(usize, usize),
    /// The totals row, column.
    Total(usize),
}

/// Collects a report's count cells and the equations between them, then applies the outcome.
#[derive(Debug, Default)]
pub struct Plan {
    values: Vec<u64>,
    hidden: Vec<bool>,
    places: Vec<Option<Place>>,
    index_of: HashMap<Place, usize>,
    lines: Vec<Line>,
}

impl Plan {
    /// The cell at `place`, or `None` when it holds no count (not recorded, or no totals row).
    pub fn cell(&mut self, report: &Report, place: Place) -> Option<usize> {
        if let Some(&index) = self.index_of.get(&place) {
            return Some(index);
        }
        let value = match place {
            Place::Row(row, column) => report.rows.get(row)?.get(column)?,
            Place::Total(column) => report.totals.as_ref()?.get(column)?,
        };
        let count = value.count()?;
        self.values.push(count);
        self.hidden.push(false);
        self.places.push(Some(place));
        self.index_of.insert(place, self.values.len() - 1);
        Some(self.values.len() - 1)
    }

    /// A count the report implies without showing it (registrations with no outcome yet).
    pub fn hidden(&mut self, value: u64) -> usize {
        self.values.push(value);
        self.hidden.push(true);
        self.places.push(None);
        self.values.len() - 1
    }

    /// `total = Σ members`; a line without its total shown gives nothing away and is skipped.
    pub fn line(&mut self, total: Option<usize>, members: impl IntoIterator<Item = Option<usize>>) {
        if let Some(total) = total {
            self.lines.push(Line {
                total,
                members: members.into_iter().flatten().collect(),
            });
        }
    }

    /// One line per column: its rows add up to its total.
    pub fn column_lines(&mut self, report: &Report, columns: &[usize]) {
        for &column in columns {
            let total = self.cell(report, Place::Total(column));
            let members: Vec<Option<usize>> = (0..report.rows.len())
                .map(|row| self.cell(report, Place::Row(row, column)))
                .collect();
            self.line(total, members);
        }
    }

    /// Hides the cells that `--min-count` requires, writing `Small` and `Withheld` into the report.
    pub fn apply(self, report: &mut Report, min_count: u64) {
        let outcome = suppress(&self.values, &self.hidden, &self.lines, min_count);
        for (place, protection) in self.places.iter().zip(outcome) {
            let value = match protection {
                Protection::Shown => continue,
                Protection::Small => Value::Small,
                Protection::Withheld => Value::Withheld,
            };
            match place {
                Some(Place::Row(row, column)) => report.rows[*row][*column] = value,
                Some(Place::Total(column)) => {
                    if let Some(totals) = report.totals.as_mut() {
                        totals[*column] = value;
                    }
                }
                None => {}
            }
        }
        report.min_count = Some(min_count);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A crosstab laid out as cells: the grid row-major, then row totals, column totals, grand total.
    struct Crosstab {
        values: Vec<u64>,
        lines: Vec<Line>,
        rows: usize,
        columns: usize,
    }

    impl Crosstab {
        fn new(grid: &[Vec<u64>]) -> Crosstab {
            let rows = grid.len();
            let columns = grid[0].len();
            let mut values: Vec<u64> = grid.iter().flatten().copied().collect();
            let row_totals: Vec<u64> = grid.iter().map(|row| row.iter().sum()).collect();
            let column_totals: Vec<u64> = (0..columns)
                .map(|column| grid.iter().map(|row| row[column]).sum())
                .collect();
            let grand: u64 = row_totals.iter().sum();
            values.extend(&row_totals);
            values.extend(&column_totals);
            values.push(grand);
            let cell = |row: usize, column: usize| row * columns + column;
            let row_total = |row: usize| rows * columns + row;
            let column_total = |column: usize| rows * columns + rows + column;
            let grand_index = rows * columns + rows + columns;
            let mut lines = Vec::new();
            for row in 0..rows {
                lines.push(Line {
                    total: row_total(row),
                    members: (0..columns).map(|column| cell(row, column)).collect(),
                });
            }
            for column in 0..columns {
                lines.push(Line {
                    total: column_total(column),
                    members: (0..rows).map(|row| cell(row, column)).collect(),
                });
            }
            lines.push(Line {
                total: grand_index,
                members: (0..rows).map(row_total).collect(),
            });
            lines.push(Line {
                total: grand_index,
                members: (0..columns).map(column_total).collect(),
            });
            Crosstab {
                values,
                lines,
                rows,
                columns,
            }
        }
    }

    /// An independent test of recoverability: a cell is pinned down exactly when adding its unit
    /// vector to the equations over hidden cells does not raise their rank.
    fn rank(mut matrix: Vec<Vec<f64>>) -> usize {
        let mut rank = 0;
        let width = matrix.first().map_or(0, Vec::len);
        for column in 0..width {
            let Some(found) = (rank..matrix.len()).find(|&row| matrix[row][column].abs() > 1e-9)
            else {
                continue;
            };
            matrix.swap(rank, found);
            let pivot_row = matrix[rank].clone();
            for row in matrix.iter_mut().skip(rank + 1) {
                let factor = row[column] / pivot_row[column];
                for (value, pivot_value) in row.iter_mut().zip(&pivot_row).skip(column) {
                    *value -= factor * pivot_value;
                }
            }
            rank += 1;
        }
        rank
    }

    fn recoverable(cell: usize, lines: &[Line], unknown: &[bool]) -> bool {
        let columns: Vec<usize> = (0..unknown.len()).filter(|&c| unknown[c]).collect();
        let row_of = |line: &Line| -> Vec<f64> {
            columns
                .iter()
                .map(|&c| {
                    if c == line.total {
                        -1.0
                    } else if line.members.contains(&c) {
                        1.0
                    } else {
                        0.0
                    }
                })
                .collect()
        };
        let matrix: Vec<Vec<f64>> = lines.iter().map(row_of).collect();
        let mut with_unit = matrix.clone();
        with_unit.push(
            columns
                .iter()
                .map(|&c| f64::from(u8::from(c == cell)))
                .collect(),
        );
        rank(matrix) == rank(with_unit)
    }

    #[test]
    fn a_lone_small_cell_in_a_column_takes_the_smallest_other_with_it() {
        // government 3, international 1, sse 2; total 6. The 1 alone would be 6 - 3 - 2.
        let values = [3, 1, 2, 6];
        let lines = [Line {
            total: 3,
            members: vec![0, 1, 2],
        }];
        let outcome = suppress(&values, &[false; 4], &lines, 2);
        assert_eq!(
            outcome,
            vec![
                Protection::Shown,
                Protection::Small,
                Protection::Withheld,
                Protection::Shown
            ]
        );
    }

    #[test]
    fn an_x_known_to_be_at_least_k_does_not_leave_its_partner_bounded_to_one_value() {
        // total 10 = 6 + 1 + 3 with K = 3. Hiding the 1 and the 3 leaves `<3 + x = 4`, and as
        // an x is at least 3, the <3 must be 1; so the 6 is hidden as well.
        let values = [10, 6, 1, 3];
        let lines = [Line {
            total: 0,
            members: vec![1, 2, 3],
        }];
        assert_eq!(
            suppress(&values, &[false; 4], &lines, 3),
            vec![
                Protection::Shown,
                Protection::Withheld,
                Protection::Small,
                Protection::Withheld
            ]
        );
    }

    #[test]
    fn bounds_do_not_flag_what_the_label_already_says() {
        // With K = 2 a `<2` is 1 by its label alone; more hiding cannot change that.
        let values = [7, 5, 1, 1];
        let lines = [Line {
            total: 0,
            members: vec![1, 2, 3],
        }];
        let outcome = suppress(&values, &[false; 4], &lines, 2);
        assert_eq!(outcome[1], Protection::Shown);
        assert!(!pinned_by_bounds(&values, &[false; 4], &outcome, &lines, 2)[2]);
    }

    #[test]
    fn nothing_is_hidden_when_no_count_is_small() {
        let values = [3, 4, 7];
        let lines = [Line {
            total: 2,
            members: vec![0, 1],
        }];
        assert_eq!(
            suppress(&values, &[false; 3], &lines, 3),
            vec![Protection::Shown; 3]
        );
    }

    #[test]
    fn a_small_hidden_remainder_is_protected_too() {
        // registered 10 = attended 6 + no-show 3 + (not shown) still registered 1.
        let values = [10, 6, 3, 1];
        let lines = [Line {
            total: 0,
            members: vec![1, 2, 3],
        }];
        let outcome = suppress(&values, &[false, false, false, true], &lines, 2);
        assert_eq!(
            outcome
                .iter()
                .filter(|p| **p == Protection::Withheld)
                .count(),
            1
        );
        assert!(!determined_cells(4, &lines, &[false, false, true, true])[3]);
    }

    #[test]
    fn a_bridge_between_two_protected_blocks_is_not_left_recoverable() {
        let table = Crosstab::new(&[vec![1, 1, 5, 5], vec![1, 1, 5, 5], vec![5, 5, 5, 5]]);
        let outcome = suppress(
            &table.values,
            &vec![false; table.values.len()],
            &table.lines,
            2,
        );
        let unknown: Vec<bool> = outcome.iter().map(|p| *p != Protection::Shown).collect();
        let small: Vec<usize> = (0..outcome.len())
            .filter(|&cell| outcome[cell] == Protection::Small)
            .collect();
        assert_eq!(small.len(), 4);
        for cell in small {
            assert!(!recoverable(cell, &table.lines, &unknown), "cell {cell}");
        }
    }

    proptest! {
        #[test]
        fn the_graph_shortcut_agrees_with_elimination(
            (rows, columns, hidden) in (1usize..5, 1usize..5).prop_flat_map(|(rows, columns)| {
                let cells = rows * columns + rows + columns + 1;
                (Just(rows), Just(columns), proptest::collection::vec(proptest::bool::weighted(0.4), cells))
            }),
        ) {
            let grid = vec![vec![1; columns]; rows];
            let table = Crosstab::new(&grid);
            let fast = determined_by_bridges(table.values.len(), &table.lines, &hidden);
            prop_assert!(fast.is_some(), "a crosstab is always a signed graph");
            let slow = determined_by_elimination(table.values.len(), &table.lines, &hidden);
            prop_assert_eq!(fast.unwrap(), slow);
        }
    }

    /// Every value each cell of a small crosstab can take for a reader who sees `labels`: a
    /// shown count, `<K` for 1 to K-1, `x` for 0 or K and above (up to `bound`). Tries every
    /// assignment of the inner cells and keeps those whose margins fit their labels.
    fn crosstab_feasible(
        table: &Crosstab,
        labels: &[Protection],
        min_count: u64,
        bound: u64,
    ) -> Vec<std::collections::BTreeSet<u64>> {
        let domain = |cell: usize| -> Vec<u64> {
            match labels[cell] {
                Protection::Shown => vec![table.values[cell]],
                Protection::Small => (1..min_count).collect(),
                Protection::Withheld => std::iter::once(0).chain(min_count..=bound).collect(),
            }
        };
        let inner = table.rows * table.columns;
        let domains: Vec<Vec<u64>> = (0..inner).map(domain).collect();
        let mut found = vec![std::collections::BTreeSet::new(); table.values.len()];
        let mut choice = vec![0usize; inner];
        'assignments: loop {
            let mut values: Vec<u64> = (0..inner).map(|cell| domains[cell][choice[cell]]).collect();
            for row in 0..table.rows {
                values.push(
                    (0..table.columns)
                        .map(|c| values[row * table.columns + c])
                        .sum(),
                );
            }
            for column in 0..table.columns {
                values.push(
                    (0..table.rows)
                        .map(|r| values[r * table.columns + column])
                        .sum(),
                );
            }
            values.push((0..inner).map(|cell| values[cell]).sum());
            let fits = (inner..values.len()).all(|cell| match labels[cell] {
                Protection::Shown => values[cell] == table.values[cell],
                Protection::Small => (1..min_count).contains(&values[cell]),
                Protection::Withheld => !(1..min_count).contains(&values[cell]),
            });
            if fits {
                for (set, value) in found.iter_mut().zip(&values) {
                    set.insert(*value);
                }
            }
            for cell in 0..inner {
                choice[cell] += 1;
                if choice[cell] < domains[cell].len() {
                    continue 'assignments;
                }
                choice[cell] = 0;
            }
            break;
        }
        found
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn a_small_crosstab_never_gives_a_small_count_away_to_a_reader_who_knows_the_labels(
            grid in (1usize..3, 1usize..3).prop_flat_map(|(rows, columns)| {
                proptest::collection::vec(proptest::collection::vec(0u64..7, columns), rows)
            }),
            min_count in 3u64..5,
        ) {
            let table = Crosstab::new(&grid);
            let cells = table.values.len();
            let outcome = suppress(&table.values, &vec![false; cells], &table.lines, min_count);
            let grand = table.values[cells - 1];
            let bound = if outcome[cells - 1] == Protection::Shown { grand } else { 2 * grand + min_count };
            let feasible = crosstab_feasible(&table, &outcome, min_count, bound);
            let everything_hidden: Vec<Protection> = table
                .values
                .iter()
                .map(|&value| if (1..min_count).contains(&value) { Protection::Small } else { Protection::Withheld })
                .collect();
            let inherent = crosstab_feasible(&table, &everything_hidden, min_count, 2 * grand + min_count);
            for cell in 0..cells {
                if outcome[cell] == Protection::Small && inherent[cell].len() > 1 {
                    prop_assert!(
                        feasible[cell].len() > 1,
                        "cell {} of {:?} is pinned to {:?} by {:?}", cell, grid, feasible[cell], outcome
                    );
                }
            }
        }
    }

    /// Every value each unknown member can take, given the shown total and what the labels say
    /// (`<K` is 1 to K-1, `x` is 0 or at least K), found by trying every assignment.
    fn feasible_values(
        total: u64,
        members: &[(u64, Protection)],
        min_count: u64,
    ) -> Vec<std::collections::BTreeSet<u64>> {
        fn search(
            index: usize,
            remaining: u64,
            members: &[(u64, Protection)],
            min_count: u64,
            chosen: &mut Vec<u64>,
            found: &mut Vec<std::collections::BTreeSet<u64>>,
        ) {
            if index == members.len() {
                if remaining == 0 {
                    for (set, value) in found.iter_mut().zip(chosen.iter()) {
                        set.insert(*value);
                    }
                }
                return;
            }
            let candidates: Vec<u64> = match members[index].1 {
                Protection::Shown => vec![members[index].0],
                Protection::Small => (1..min_count).collect(),
                Protection::Withheld => std::iter::once(0).chain(min_count..=remaining).collect(),
            };
            for value in candidates.into_iter().filter(|&value| value <= remaining) {
                chosen.push(value);
                search(
                    index + 1,
                    remaining - value,
                    members,
                    min_count,
                    chosen,
                    found,
                );
                chosen.pop();
            }
        }
        let mut found = vec![std::collections::BTreeSet::new(); members.len()];
        search(0, total, members, min_count, &mut Vec::new(), &mut found);
        found
    }

    proptest! {
        #[test]
        fn a_column_never_gives_a_small_count_away_even_to_a_reader_who_knows_the_labels(
            members in proptest::collection::vec(0u64..9, 1..6),
            min_count in 3u64..6,
        ) {
            let total: u64 = members.iter().sum();
            let mut values = members.clone();
            values.push(total);
            let total_cell = members.len();
            let lines = [Line { total: total_cell, members: (0..members.len()).collect() }];
            let outcome = suppress(&values, &vec![false; values.len()], &lines, min_count);
            if outcome[total_cell] == Protection::Shown {
                let labelled: Vec<(u64, Protection)> =
                    members.iter().copied().zip(outcome.iter().copied()).collect();
                let feasible = feasible_values(total, &labelled, min_count);
                for (cell, values) in feasible.iter().enumerate() {
                    if outcome[cell] == Protection::Small {
                        prop_assert!(
                            values.len() >= 2,
                            "cell {} of {:?} is pinned to {:?} by {:?}", cell, members, values, outcome
                        );
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn no_small_count_can_be_recovered_from_the_totals(
            grid in (1usize..5, 1usize..5).prop_flat_map(|(rows, columns)| {
                proptest::collection::vec(proptest::collection::vec(0u64..12, columns), rows)
            }),
            min_count in 2u64..6,
        ) {
            let table = Crosstab::new(&grid);
            let cells = table.values.len();
            let outcome = suppress(&table.values, &vec![false; cells], &table.lines, min_count);
            let unknown: Vec<bool> = outcome.iter().map(|p| *p != Protection::Shown).collect();
            for cell in 0..cells {
                let value = table.values[cell];
                let small = (1..min_count).contains(&value);
                // Every small count is hidden, and marked as small; nothing else is.
                prop_assert_eq!(outcome[cell] == Protection::Small, small);
                if small {
                    prop_assert!(
                        !recoverable(cell, &table.lines, &unknown),
                        "cell {} ({}) recoverable in {:?} -> {:?}", cell, value, grid, outcome
                    );
                }
            }
            // The classic rule: a line with a hidden cell has a second hidden cell.
            for line in &table.lines {
                let hidden = std::iter::once(line.total)
                    .chain(line.members.iter().copied())
                    .filter(|&cell| unknown[cell])
                    .count();
                let has_small = std::iter::once(line.total)
                    .chain(line.members.iter().copied())
                    .any(|cell| outcome[cell] == Protection::Small);
                prop_assert!(!has_small || hidden >= 2, "line {:?} in {:?}", line, grid);
            }
            prop_assert_eq!(table.rows * table.columns + table.rows + table.columns + 1, cells);
        }
    }
}
