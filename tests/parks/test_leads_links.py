"""The park side links into the lead desk: listings pre-fill the form, managers reach their leads."""

from django.urls import reverse


def test_listing_page_links_to_a_prefilled_lead_form(client, listing_a):
    html = client.get(reverse("parks:listing", args=[listing_a.pk])).content.decode()
    assert f'href="/leads/new/?listing={listing_a.pk}"' in html


def test_dashboard_links_a_manager_to_leads_that_fit_their_park(client, manager_a, park_a, park_b):
    client.force_login(manager_a)
    html = client.get(reverse("parks:dashboard")).content.decode()
    assert f'href="/leads/park/{park_a.pk}/"' in html
    assert f'href="/leads/park/{park_b.pk}/"' not in html
