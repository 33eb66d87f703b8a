import streamlit as st

st.title("Delivery chains")
