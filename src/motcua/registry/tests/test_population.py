from datetime import date

from motcua.accounts.identifiers import check_personal_id, check_tax_code
from motcua.registry.population import generate
from motcua_dev.simulators.vneid import CITIZENS


def test_the_same_seed_gives_the_same_population() -> None:
    first = generate(seed=7, people=1500, businesses=100)
    second = generate(seed=7, people=1500, businesses=100)
    assert first.people == second.people
    assert first.businesses == second.businesses
    assert generate(seed=8, people=1500, businesses=100).people != first.people


def test_every_person_has_a_personal_id_that_agrees_with_them() -> None:
    population = generate(people=3000, businesses=300)
    assert len(population.people) == 3000
    for pid, person in population.people.items():
        checked = check_personal_id(
            pid,
            today=date(2026, 1, 1),
            birth_date=date.fromisoformat(person["birth_date"]),
            sex=person["sex"],
        )
        assert checked.valid, (pid, checked.reason)
        assert pid in person["household"]["members"]
        assert person["permanent_residence"]["commune_code"]
        age = 2026 - int(person["birth_date"][:4])
        has_status = person["military_service"] is not None
        if person["sex"] == "male" and 17 <= age <= 27:
            assert has_status
        elif pid not in {c.personal_id for c in CITIZENS}:
            assert not has_status
    for tax_code, business in population.businesses.items():
        assert check_tax_code(tax_code).valid
        assert business["owner_personal_id"] in population.people


def test_the_vneid_demo_citizens_are_in_the_population_as_vneid_knows_them() -> None:
    people = generate(people=100, businesses=10).people
    for citizen in CITIZENS:
        person = people[citizen.personal_id]
        assert person["full_name"] == citizen.name
        assert person["birth_date"] == citizen.birthdate
        assert person["sex"] == citizen.gender
        assert person["permanent_residence"]["commune"].lower() in citizen.address.lower()
