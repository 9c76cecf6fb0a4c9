//! A deal as a row of a table (its date, parties, kinds, amounts and the
//! values the deals table sorts and filters by), and the order deal tables
//! list deals in.

use super::super::view::*;
use super::super::Renderer;
use crate::model::amount::AmountForm;
use crate::model::{PageData, PageId, PartyTarget, Verification};
use crate::reads::Aggregate;

impl Renderer<'_> {
    pub(super) fn parties(&self, deal: PageId, skip: Option<PageId>) -> Vec<PartyView> {
        let PageData::Deal(d) = &self.model.page(deal).data else { return Vec::new() };
        d.parties
            .iter()
            .zip(&self.refs(deal).parties)
            .filter(|(_, id)| skip.is_none() || **id != skip)
            .map(|(party, id)| {
                let (name, url) = match (&party.target, id) {
                    (_, Some(id)) => {
                        let l = self.link(*id);
                        (l.title, Some(l.url))
                    }
                    (PartyTarget::Name(n), None) => (n.clone(), None),
                    (PartyTarget::Company(r), None) => (r.text.clone(), None),
                };
                let (name, not_named) = match without_not_named(&name) {
                    Some(short) => (short, true),
                    None => (name, false),
                };
                PartyView { name, url, role: party.role.map(|r| r.label()), entity: party.entity.clone(), not_named }
            })
            .collect()
    }

    pub(in crate::render) fn deal_row(&self, deal: PageId, company: Option<PageId>) -> Option<DealRowView> {
        let p = self.model.page(deal);
        let PageData::Deal(d) = &p.data else { return None };
        let role = company.and_then(|c| {
            self.catalog(Aggregate::CompanyDeals(Some(c)))
                .company_deals
                .get(&c)?
                .iter()
                .find(|x| x.deal == deal)?
                .role
                .map(|r| r.label())
        });
        let mut companies: Vec<RowCompanyView> = Vec::new();
        for id in self.refs(deal).parties.iter().flatten() {
            let c = self.model.page(*id);
            let key = c.url.strip_prefix("companies/").unwrap_or(&c.url).trim_matches('/').to_string();
            if !companies.iter().any(|x| x.key == key) {
                companies.push(RowCompanyView { key, title: c.short_title.clone(), url: self.site.url(&c.url) });
            }
        }
        let headline = self.catalog(Aggregate::Ledger).ledger.headline(deal).and_then(|i| d.amounts.get(i));
        let amount_usd = headline.and_then(|a| match a.form {
            AmountForm::Money { value, currency, .. } if currency.code() == "USD" => Some(value),
            _ => None,
        });
        Some(DealRowView {
            link: self.link(deal),
            date: p.date.map(DateView::from),
            kinds: d.kinds.iter().map(|k| k.label()).collect(),
            counterparties: self.parties(deal, company),
            role,
            amounts: self.amount_views(deal, false),
            headline: self.headline_view(deal),
            state: d.state.label(),
            state_id: d.state.as_str(),
            counted: d.state.counts(),
            verified: d.verification == Verification::Verified,
            families: families_of(&d.kinds),
            other_parties: self.refs(deal).parties.iter().filter(|id| id.is_none()).count(),
            companies,
            amount_usd,
        })
    }

    /// Deals newest first (undated last), then by URL: the order of `/deals/`.
    pub(super) fn newest_first(&self, deals: impl Iterator<Item = PageId>) -> impl Iterator<Item = PageId> {
        let mut deals: Vec<PageId> = deals.collect();
        deals.sort_by(|a, b| {
            let (pa, pb) = (self.model.page(*a), self.model.page(*b));
            pb.date.cmp(&pa.date).then_with(|| pa.url.cmp(&pb.url))
        });
        deals.into_iter()
    }
}

/// A party's name without the remark that the sources do not name it
/// (`Noteholders (not named in sources seen)` → `Noteholders`, `Buyers
/// (qualified institutional buyers, not named)` → `Buyers (qualified
/// institutional buyers)`), which the theme shows as a badge; `None` when
/// the name has no such remark.
fn without_not_named(name: &str) -> Option<String> {
    let open = name.strip_suffix(')')?.rfind('(')?;
    let inner = &name[open + 1..name.len() - 1];
    if !inner.contains("not named") {
        return None;
    }
    let kept: Vec<&str> = inner.split(", ").filter(|part| !part.contains("not named")).collect();
    let base = name[..open].trim_end();
    if base.is_empty() {
        return None;
    }
    Some(if kept.is_empty() { base.to_string() } else { format!("{base} ({})", kept.join(", ")) })
}

#[cfg(test)]
mod tests {
    use super::without_not_named;

    #[test]
    fn a_not_named_remark_leaves_the_name() {
        assert_eq!(without_not_named("Noteholders (not named in sources seen)").as_deref(), Some("Noteholders"));
        assert_eq!(
            without_not_named("Buyers (qualified institutional buyers, not named)").as_deref(),
            Some("Buyers (qualified institutional buyers)")
        );
        assert_eq!(without_not_named("Microsoft (Azure)"), None);
        assert_eq!(without_not_named("Lenders"), None);
        assert_eq!(without_not_named("(not named)"), None);
    }
}
