//! Which figures a viewer may see of other cities' records. A city reads its own records
//! whole; of the network, it reads only aggregates where no single record of another city
//! could be singled out: a cell built from 1 or 2 records of other cities is suppressed
//! (shown as 「3件未満」), and so is, in a row whose total is shown, the next smallest cell
//! built from other cities' records whenever only one was suppressed, so that the total
//! does not give it away. Administrators (the council's secretariat) read every figure.
//! A cell with no record of another city is always shown, 0 included.

use serde::{Serialize, Serializer};

use crate::access::{Role, Subject};
use crate::city::CityCode;

/// The fewest records of other cities a shown cell may be built from.
pub const MIN_OTHERS: i64 = 3;

/// Whose records are the viewer's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// The platform's administrators: every record.
    All,
    /// The cities the viewer works in (staff, coordinators): their records are their own.
    Own(Vec<CityCode>),
}

impl Audience {
    pub fn of(subject: &Subject) -> Audience {
        if subject.roles.contains(&Role::PlatformAdmin) {
            return Audience::All;
        }
        let mut cities: Vec<CityCode> = subject
            .roles
            .iter()
            .filter_map(|r| match r {
                Role::CityStaff { city, .. } | Role::Coordinator { city } => Some(*city),
                _ => None,
            })
            .collect();
        cities.sort();
        cities.dedup();
        Audience::Own(cities)
    }

    /// Whether records of `city` are the viewer's own.
    pub fn owns(&self, city: &CityCode) -> bool {
        match self {
            Audience::All => true,
            Audience::Own(c) => c.contains(city),
        }
    }

    /// How many of some records (counted per city) are of other cities.
    pub fn others<'a>(&self, per_city: impl IntoIterator<Item = (&'a CityCode, i64)>) -> i64 {
        per_city
            .into_iter()
            .filter(|(c, _)| !self.owns(c))
            .map(|(_, n)| n)
            .sum()
    }
}

/// A figure as shown: its value, or suppressed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<T = i64> {
    Shown(T),
    Suppressed,
}

impl<T: Copy> Cell<T> {
    /// `value`, built from `others` records of other cities.
    pub fn of(value: T, others: i64) -> Cell<T> {
        if (1..MIN_OTHERS).contains(&others) {
            Cell::Suppressed
        } else {
            Cell::Shown(value)
        }
    }

    pub fn value(self) -> Option<T> {
        match self {
            Cell::Shown(v) => Some(v),
            Cell::Suppressed => None,
        }
    }

    pub fn is_suppressed(self) -> bool {
        matches!(self, Cell::Suppressed)
    }
}

impl<T: Copy + PartialEq> PartialEq<T> for Cell<T> {
    fn eq(&self, other: &T) -> bool {
        *self == Cell::Shown(*other)
    }
}

/// Shown as its value, suppressed as `null` (the JSON API).
impl<T: Serialize> Serialize for Cell<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Shown(v) => v.serialize(s),
            Cell::Suppressed => s.serialize_none(),
        }
    }
}

/// The cells of a row of counts, each `(count, of which of other cities)`, with the row's
/// total after them: suppressed where too few records of other cities make one, and once
/// more where only one cell was, so that the total cannot give it away.
pub fn row(cells: &[(i64, i64)]) -> (Vec<Cell>, Cell) {
    let mut out: Vec<Cell> = cells.iter().map(|&(n, o)| Cell::of(n, o)).collect();
    let total = cells.iter().map(|c| c.0).sum();
    let total_others = cells.iter().map(|c| c.1).sum();
    let total = Cell::of(total, total_others);
    if !total.is_suppressed() && out.iter().filter(|c| c.is_suppressed()).count() == 1 {
        let next = cells
            .iter()
            .enumerate()
            .filter(|(i, (_, o))| *o > 0 && !out[*i].is_suppressed())
            .min_by_key(|(_, (n, _))| *n)
            .map(|(i, _)| i);
        match next {
            Some(i) => out[i] = Cell::Suppressed,
            // Only the viewer's own cells are left: the total would tell; hide it.
            None => return (out, Cell::Suppressed),
        }
    }
    (out, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(c: &str) -> CityCode {
        CityCode::parse(c).unwrap()
    }

    #[test]
    fn audiences() {
        let chiba = city("121002");
        let admin = Subject {
            roles: vec![Role::PlatformAdmin],
            person: Some(1),
        };
        assert_eq!(Audience::of(&admin), Audience::All);
        let staff = Subject {
            roles: vec![
                Role::CityStaff {
                    city: chiba,
                    read_only: true,
                },
                Role::Coordinator { city: chiba },
            ],
            person: Some(2),
        };
        let a = Audience::of(&staff);
        assert_eq!(a, Audience::Own(vec![chiba]));
        let kumamoto = city("431001");
        assert_eq!(a.others([(&chiba, 5), (&kumamoto, 2)]), 2);
        assert_eq!(Audience::All.others([(&chiba, 5), (&kumamoto, 2)]), 0);
    }

    #[test]
    fn cells_of_one_or_two_records_of_other_cities_are_suppressed() {
        assert_eq!(Cell::of(7, 0), 7);
        assert_eq!(Cell::of(0, 0), 0);
        assert!(Cell::of(1, 1).is_suppressed());
        assert!(Cell::of(9, 2).is_suppressed());
        assert_eq!(Cell::of(3, 3), 3);
        assert_eq!(serde_json::to_string(&Cell::of(4, 1)).unwrap(), "null");
        assert_eq!(serde_json::to_string(&Cell::of(4, 0)).unwrap(), "4");
    }

    #[test]
    fn a_row_hides_a_second_cell_when_the_total_would_tell() {
        // Others: 1 (suppressed), 5, 4; the total is shown, so the smallest other (4) goes.
        let (cells, total) = row(&[(1, 1), (6, 5), (4, 4), (2, 0)]);
        assert!(cells[0].is_suppressed());
        assert_eq!(cells[1], 6);
        assert!(cells[2].is_suppressed());
        assert_eq!(cells[3], 2);
        assert_eq!(total, 13);
        // Two suppressed already: nothing more to hide.
        let (cells, _) = row(&[(1, 1), (2, 2), (5, 5)]);
        assert_eq!(cells[2], 5);
        // Only own cells besides the suppressed one: the total is of too few others too.
        let (cells, total) = row(&[(2, 2), (8, 0)]);
        assert_eq!(cells[1], 8);
        assert!(total.is_suppressed());
        // Nothing of other cities: everything shows.
        let (cells, total) = row(&[(1, 0), (0, 0)]);
        assert_eq!((cells[0], total), (Cell::Shown(1), Cell::Shown(1)));
    }
}
